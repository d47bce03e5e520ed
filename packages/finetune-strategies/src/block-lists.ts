/**
 * A model's stacks of Transformer blocks, found by shape rather than by model type: the
 * outermost `ModuleList`s (HF's `transformer.h`, `bert.encoder.layer`, T5's
 * `encoder.block` and `decoder.block`), whose numbered children are the blocks bottom to
 * top. Lists inside a block (T5's `block.N.layer`) are parts of that block, not stacks.
 *
 *   blockLists(gpt2);   // [['transformer.h', ModuleList(12)]]
 *   blockLists(t5);     // [['encoder.block', …], ['decoder.block', …]]
 */
import { type Module, ModuleList } from '@llm/layers';

export function blockLists(model: Module): [string, ModuleList<Module>][] {
  const lists = model
    .namedModules()
    .filter(
      (e): e is [string, ModuleList<Module>] => e[1] instanceof ModuleList && e[1].length > 0,
    );
  return lists.filter(
    ([p]) => !lists.some(([q]) => q !== p && (q === '' || p.startsWith(`${q}.`))),
  );
}
