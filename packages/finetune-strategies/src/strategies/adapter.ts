/**
 * Houlsby adapters: a bottleneck after each attention block's and each feed-forward's
 * output projection (GPT-2 `c_proj`, BERT `attention.output.dense` / `output.dense`, T5
 * `o` / `wo`, or `targetModules`), zero-initialised so training starts from the
 * pretrained model. The adapters train, and so do the layer norms (as in the paper) and a
 * task head (`modulesToSave`, or `classifier` / `score` / `lm_head` / `cls`; a head tied
 * to the token embedding stays frozen). `adapterSize` is the bottleneck (default 64).
 *
 *   const trainable = adapter.apply(bert, { adapterSize: 64, seed: 0 });
 */
import { Conv1D, LayerNorm, Linear, type Module, RMSNorm } from '@llm/layers';
import { Rng, type Tensor } from '@llm/tensor-core';
import { BottleneckAdapter } from '../bottleneck-adapter.js';
import type { FinetuneStrategy, StrategyOptions } from '../finetune-strategy.js';
import { matchesTarget, matchingModules } from '../target-match.js';
import { taskHeadPaths } from '../task-head.js';

/** Each sub-layer's output projection in GPT-2, BERT and T5 (the names that exist are used). */
export const ADAPTER_TARGETS: readonly string[] = ['c_proj', 'output.dense', 'o', 'wo'];

export const adapter: FinetuneStrategy = {
  name: 'adapter',
  summary: 'Houlsby bottleneck adapters after attention and feed-forward; norms and head train',
  apply(model: Module, options: StrategyOptions = {}): Tensor[] {
    const heads = taskHeadPaths(model, options.modulesToSave, { tied: false });
    const targets =
      options.targetModules ??
      ADAPTER_TARGETS.filter((t) => model.namedModules().some(([p]) => matchesTarget(p, [t])));
    const found = matchingModules(model, targets).filter(
      ([, m]) => m instanceof Linear || m instanceof Conv1D,
    );
    if (found.length === 0)
      throw new Error(
        `adapter: no Linear or Conv1D matches target_modules ${JSON.stringify(targets)}`,
      );
    const rng = new Rng(options.seed ?? 0);
    model.freeze();
    for (const [path, m] of found)
      model.setSubmodule(
        path,
        new BottleneckAdapter(m as Linear | Conv1D, { size: options.adapterSize, rng }),
      );
    for (const [, m] of model.namedModules())
      if (m instanceof BottleneckAdapter) {
        m.down.unfreeze();
        m.up.unfreeze();
      } else if (m instanceof LayerNorm || m instanceof RMSNorm) m.unfreeze();
    for (const path of heads) model.getSubmodule(path).unfreeze();
    return model.parameters().filter((p) => p.requiresGrad);
  },
};
