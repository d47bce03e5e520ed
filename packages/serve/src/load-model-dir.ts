/**
 * A model directory as the server needs it: `config.json` + `model.safetensors` through
 * `fromPretrained` (eval mode) and the `tokenizer.json` beside them.
 *
 *   const { model, tokenizer, modelName } = await loadModelDir('runs/gpt');
 *   const app = createServer({ model, tokenizer, modelName });
 */
import { basename, join, resolve } from 'node:path';
import { fromPretrained, type PretrainedModel } from '@llm/models';
import { Tokenizer } from '@llm/tokenizer/node';

export interface LoadedModelDir {
  readonly model: PretrainedModel;
  readonly tokenizer: Tokenizer;
  /** The directory's name, e.g. 'gpt' for runs/gpt. */
  readonly modelName: string;
}

export async function loadModelDir(dir: string): Promise<LoadedModelDir> {
  const model = await fromPretrained(dir);
  if (!('startGeneration' in model))
    throw new Error(`${dir}: this model cannot generate (a GPT-2 model can)`);
  const tokenizer = await Tokenizer.fromFile(join(dir, 'tokenizer.json'));
  return { model, tokenizer, modelName: basename(resolve(dir)) };
}
