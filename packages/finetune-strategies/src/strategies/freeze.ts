/**
 * Freeze the bottom: the embeddings and the lowest `freezeLayers` blocks of every stack
 * stay as pretrained, everything above trains (the seed's "update only some layers";
 * low layers hold general features, the top adapts to the task). Blocks are the
 * children of the model's outermost ModuleLists and embeddings every `Embedding` — with
 * the module that holds them when it holds nothing else but norms and dropout (BERT's
 * `bert.embeddings`, LayerNorm included, as `model.bert.embeddings.requires_grad_(False)`
 * freezes it) — so it works on GPT-2, BERT and T5 alike. A tied LM head is the token embedding, so it stays
 * frozen with it.
 *
 *   const trainable = freeze.apply(model, { freezeLayers: 6 });   // bottom half of a 12-layer model
 */
import { Embedding, type Module, ModuleList } from '@llm/layers';
import type { Tensor } from '@llm/tensor-core';
import { blockLists } from '../block-lists.js';
import type { FinetuneStrategy, StrategyOptions } from '../finetune-strategy.js';

export const freeze: FinetuneStrategy = {
  name: 'freeze',
  summary: 'freeze the embeddings and the bottom N blocks (default half); the rest trains',
  apply(model: Module, options: StrategyOptions = {}): Tensor[] {
    const stacks = blockLists(model);
    if (stacks.length === 0)
      throw new Error('freeze: the model has no stack of blocks (ModuleList)');
    const shortest = Math.min(...stacks.map(([, list]) => list.length));
    const n = options.freezeLayers ?? Math.floor(shortest / 2);
    if (!Number.isInteger(n) || n < 0 || n > shortest)
      throw new RangeError(
        `freeze: freezeLayers must be an integer in [0, ${shortest}] (${stacks.map(([p, l]) => `${p}: ${l.length} blocks`).join(', ')}), got ${n}`,
      );
    model.unfreeze();
    for (const m of embeddingModules(model)) m.freeze();
    for (const [, list] of stacks) for (let i = 0; i < n; i++) list.at(i).freeze();
    return model.parameters().filter((p) => p.requiresGrad);
  },
};

/** Every Embedding, widened to its parent when the parent is an embeddings module (no blocks inside). */
function embeddingModules(model: Module): Module[] {
  const byPath = new Map(model.namedModules());
  const out = new Set<Module>();
  for (const [path, m] of byPath) {
    if (!(m instanceof Embedding)) continue;
    const cut = path.lastIndexOf('.');
    const parent = cut === -1 ? undefined : byPath.get(path.slice(0, cut));
    const holdsBlocks =
      parent === undefined || parent.namedModules().some(([, c]) => c instanceof ModuleList);
    out.add(parent !== undefined && !holdsBlocks ? parent : m);
  }
  return [...out];
}
