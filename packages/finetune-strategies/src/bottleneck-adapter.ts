/**
 * Houlsby's adapter (Houlsby et al. 2019) around a sub-layer's output projection: a
 * small bottleneck whose output is added back, so the sub-layer computes
 *
 *   y = base(x);   y + up(gelu(down(y)))        down [m, O], up [O, m], m ≪ O
 *
 * `up` starts at zero, so the wrapped model is exactly the pretrained one until training
 * moves it. Children: `base_layer` (frozen), `adapter_down`, `adapter_up`.
 *
 *   const a = new BottleneckAdapter(model.getSubmodule('bert.encoder.layer.0.output.dense') as Linear, { size: 64 });
 *   model.setSubmodule('bert.encoder.layer.0.output.dense', a);
 *
 * Letters: O the projection's out-features, m the bottleneck size.
 */
import { type Conv1D, Linear, Module } from '@llm/layers';
import { Rng, type Tensor } from '@llm/tensor-core';

export interface BottleneckAdapterOptions {
  /** Bottleneck width m (default 64). */
  readonly size?: number;
  /** Init std of the down projection (default 0.02: near-identity, as Houlsby). */
  readonly std?: number;
  readonly rng?: Rng;
}

export class BottleneckAdapter extends Module {
  readonly baseLayer: Linear | Conv1D;
  readonly down: Linear; // weight [m, O]
  readonly up: Linear; // weight [O, m], zero at init

  constructor(base: Linear | Conv1D, options: BottleneckAdapterOptions = {}) {
    super();
    const { size = 64, std = 0.02, rng = new Rng(0) } = options;
    if (!Number.isInteger(size) || size <= 0)
      throw new RangeError(`BottleneckAdapter: size must be a positive integer, got ${size}`);
    const O = base.outFeatures;
    this.baseLayer = this.registerModule('base_layer', base);
    this.down = this.registerModule('adapter_down', new Linear(O, size, { std, rng }));
    this.up = this.registerModule('adapter_up', new Linear(size, O, { std: 0, rng }));
    this.up.weight.data.fill(0);
    base.freeze();
  }

  get inFeatures(): number {
    return this.baseLayer.inFeatures;
  }

  get outFeatures(): number {
    return this.baseLayer.outFeatures;
  }

  forward(x: Tensor): Tensor {
    const y = this.baseLayer.forward(x); // [..., O]
    const h = this.down.forward(y).gelu(); // [..., m]
    return y.add(this.up.forward(h)); // [..., O]
  }
}
