/**
 * LoRA around one projection (Hu et al. 2021, as PEFT's `lora.Linear`): the base layer
 * stays frozen and a low-rank update trains beside it,
 *
 *   y = W x + b + scale · B(A(dropout(x)))      scale = alpha / r  (alpha / √r with rsLoRA)
 *
 * A [r, in] is Kaiming-uniform (PEFT: `kaiming_uniform_(a=√5)`, i.e. U(±1/√in)) and B
 * [out, r] is zero, so the wrapped model computes exactly what it did before training.
 * It wraps `Linear` (W [out, in]) and GPT-2's `Conv1D` (W [in, out]: PEFT's
 * fan_in_fan_out), and its children carry PEFT's names (`base_layer`, `lora_A`,
 * `lora_B`), so parameter paths read as in Python without the adapter name.
 *
 *   const layer = new LoraLayer(model.getSubmodule('transformer.h.0.attn.c_attn') as Conv1D,
 *     { r: 8, alpha: 16, rng: new Rng(0) });
 *   model.setSubmodule('transformer.h.0.attn.c_attn', layer);
 *   layer.merge();     // W += scale · (B A) in place: forward is now the base layer alone
 *   layer.unmerge();   // and back, within float32 rounding
 *
 * Letters: r rank, I in-features, O out-features.
 */
import { Conv1D, Dropout, Linear, Module } from '@llm/layers';
import { Rng, type Tensor, uniform } from '@llm/tensor-core';

export interface LoraLayerOptions {
  /** Rank of the update (PEFT r; default 8). */
  readonly r?: number;
  /** lora_alpha (default 8, PEFT's): the update is scaled by alpha / r. */
  readonly alpha?: number;
  /** lora_dropout on the update's input (default 0). */
  readonly dropout?: number;
  /** rsLoRA: scale alpha / √r, which keeps the update's size steady as r grows. */
  readonly useRslora?: boolean;
  /** Draws A; a fresh Rng(0) when absent (never the global generator). */
  readonly rng?: Rng;
  /** Drives lora_dropout; the global generator when absent, as Dropout's. */
  readonly dropoutRng?: Rng;
}

export class LoraLayer extends Module {
  readonly baseLayer: Linear | Conv1D;
  readonly loraA: Linear; // weight [r, I]
  readonly loraB: Linear; // weight [O, r]
  readonly loraDropout: Dropout;
  readonly r: number;
  readonly alpha: number;
  readonly useRslora: boolean;
  readonly scale: number;
  /** The base weight is stored [I, O] (Conv1D), so the update is added transposed. */
  readonly fanInFanOut: boolean;
  private isMerged = false;

  constructor(base: Linear | Conv1D, options: LoraLayerOptions = {}) {
    super();
    const { r = 8, alpha = 8, dropout = 0, useRslora = false } = options;
    if (!Number.isInteger(r) || r <= 0)
      throw new RangeError(`LoraLayer: r must be a positive integer, got ${r}`);
    if (!(base instanceof Linear || base instanceof Conv1D))
      throw new TypeError(
        `LoraLayer: can wrap Linear or Conv1D, got ${(base as Module).constructor.name}`,
      );
    this.r = r;
    this.alpha = alpha;
    this.useRslora = useRslora;
    this.scale = useRslora ? alpha / Math.sqrt(r) : alpha / r;
    this.fanInFanOut = base instanceof Conv1D;
    const { inFeatures: I, outFeatures: O } = base;
    this.baseLayer = this.registerModule('base_layer', base);
    this.loraDropout = this.registerModule(
      'lora_dropout',
      new Dropout(dropout, options.dropoutRng),
    );
    // the Linear constructors' own normal init is thrown away: draw it from a scratch stream
    const scratch = new Rng(0);
    this.loraA = this.registerModule('lora_A', new Linear(I, r, { bias: false, rng: scratch }));
    this.loraB = this.registerModule('lora_B', new Linear(r, O, { bias: false, rng: scratch }));
    // kaiming_uniform_(a=√5) on [r, I]: gain √(2/(1+5)), bound = gain·√(3/I) = 1/√I
    const bound = 1 / Math.sqrt(I);
    this.loraA.weight.data.set(
      uniform([r, I], -bound, bound, { rng: options.rng ?? new Rng(0) }).data,
    );
    this.loraB.weight.data.fill(0);
    base.freeze();
  }

  get inFeatures(): number {
    return this.baseLayer.inFeatures;
  }

  get outFeatures(): number {
    return this.baseLayer.outFeatures;
  }

  /** True while the update is folded into the base weight. */
  get merged(): boolean {
    return this.isMerged;
  }

  forward(x: Tensor): Tensor {
    const y = this.baseLayer.forward(x); // [..., I] → [..., O]
    if (this.isMerged) return y;
    const h = this.loraA.forward(this.loraDropout.forward(x)); // [..., r]
    return y.add(this.loraB.forward(h).mul(this.scale)); // [..., O]
  }

  /** W += scale · B A, in place; forward then runs the base layer alone. */
  merge(): void {
    if (this.isMerged) return;
    this.addDelta(1);
    this.isMerged = true;
  }

  /** W −= scale · B A: the base weight as it was, within float32 rounding. */
  unmerge(): void {
    if (!this.isMerged) return;
    this.addDelta(-1);
    this.isMerged = false;
  }

  /** scale · B A as [O, I] (float64 sums, one rounding), the weight update LoRA stands for. */
  deltaWeight(): Float64Array {
    const { r, inFeatures: I, outFeatures: O } = this;
    const a = this.loraA.weight.data; // [r, I]
    const b = this.loraB.weight.data; // [O, r]
    const delta = new Float64Array(O * I);
    for (let o = 0; o < O; o++) {
      for (let k = 0; k < r; k++) {
        const bk = this.scale * b[o * r + k]!;
        if (bk === 0) continue;
        const row = o * I;
        const ak = k * I;
        for (let i = 0; i < I; i++) delta[row + i]! += bk * a[ak + i]!;
      }
    }
    return delta;
  }

  private addDelta(sign: 1 | -1): void {
    const { inFeatures: I, outFeatures: O } = this;
    const delta = this.deltaWeight(); // [O, I]
    const w = this.baseLayer.weight.data; // Linear [O, I], Conv1D [I, O]
    for (let o = 0; o < O; o++)
      for (let i = 0; i < I; i++) {
        const at = this.fanInFanOut ? i * O + o : o * I + i;
        w[at] = w[at]! + sign * delta[o * I + i]!;
      }
  }
}
