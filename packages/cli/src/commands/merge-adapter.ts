/**
 * `llm merge-adapter` — folds a PEFT LoRA adapter into its base model and writes the
 * result as a complete Hugging Face model directory (PEFT's `merge_and_unload()` then
 * `save_pretrained`), with the base's tokenizer.json beside it.
 *
 *   $ llm merge-adapter --model runs/gpt --adapter runs/lora --out runs/gpt-merged
 *   {"out":"runs/gpt-merged","merged":12}
 *
 * The merged model gives the adapted model's outputs (within float32 rounding) and loads
 * anywhere a plain checkpoint does: `llm forward`, `llm generate`, HF's from_pretrained.
 */
import { loraLayers, mergeAndUnload } from '@llm/finetune-strategies/node';
import { savePretrained } from '@llm/models';
import { defineCommand } from '../command.js';
import { copyTokenizer, failsAsCliError, loadModel } from '../model-dir.js';

export const mergeAdapter = defineCommand({
  name: 'merge-adapter',
  summary: 'Merge a PEFT LoRA adapter into its base model; write the merged model directory.',
  description:
    'DIR holds the base model (config.json, model.safetensors); ADAPTER holds\n' +
    'adapter_config.json and adapter_model.safetensors. Writes OUT/config.json and\n' +
    'OUT/model.safetensors (and tokenizer.json when the base has one), then prints\n' +
    '{"out":OUT,"merged":n} (n: the layers merged).',
  options: {
    model: {
      type: 'string',
      valueName: 'DIR',
      description: 'base model directory',
      required: true,
    },
    adapter: {
      type: 'string',
      valueName: 'ADAPTER',
      description: 'PEFT adapter directory',
      required: true,
    },
    out: {
      type: 'string',
      valueName: 'OUT',
      description: 'where to write the merged model',
      required: true,
    },
  },
  async run({ options, io }) {
    const model = await loadModel(options.model, { adapter: options.adapter });
    const merged = loraLayers(model).length;
    await failsAsCliError(async () => {
      mergeAndUnload(model);
      await savePretrained(model, options.out);
    });
    await copyTokenizer(options.model, options.out);
    io.out(`${JSON.stringify({ out: options.out, merged })}\n`);
    return 0;
  },
});
