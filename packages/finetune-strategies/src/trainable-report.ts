/**
 * How much of a model trains, in PEFT's words (`print_trainable_parameters`), so numbers
 * compare with a Python run at a glance.
 *
 *   trainableReport(model);
 *   // 'trainable params: 73,728 || all params: 124,513,536 || trainable%: 0.0592'
 */
import type { Module } from '@llm/layers';

export function trainableReport(model: Module): string {
  const all = model.numParameters();
  const trainable = model.numParameters({ trainable: true });
  const pct = all === 0 ? 0 : (100 * trainable) / all;
  const n = (x: number) => x.toLocaleString('en-US');
  return `trainable params: ${n(trainable)} || all params: ${n(all)} || trainable%: ${pct.toFixed(4)}`;
}
