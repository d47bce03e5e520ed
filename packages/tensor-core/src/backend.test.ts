import { afterEach, describe, expect, it } from 'vitest';
import { backendNames, getBackend, registerBackend, setBackend } from './backend.js';
import { tensor } from './tensor.js';

describe('backends', () => {
  afterEach(() => setBackend('cpu'));

  it('cpu is the default and an unknown name is refused with the list', () => {
    expect(getBackend().name).toBe('cpu');
    expect(() => setBackend('tpu')).toThrow(/unknown backend 'tpu'; registered: cpu/);
    expect(() => setBackend('gpu')).toThrow(/@llm\/tensor-core\/gpu/);
  });

  it('a registered backend runs the kernels it has and leaves the rest to the cpu', () => {
    const calls: string[] = [];
    registerBackend({
      name: 'spy',
      unary(op, x, out) {
        calls.push(op);
        if (op !== 'exp') return false;
        for (let i = 0; i < x.length; i++) out[i] = 42; // recognisably not e^x
        return true;
      },
    });
    expect(backendNames()).toContain('spy');
    setBackend('spy');
    expect(tensor([0, 1]).exp().toArray()).toEqual([42, 42]);
    expect(tensor([0, 1]).neg().toArray()).toEqual([-0, -1]); // declined: computed on the cpu
    expect(calls).toEqual(['exp', 'neg']);
  });
});
