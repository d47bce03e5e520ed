/**
 * Reverse-mode automatic differentiation: each op that sees an input requiring a gradient
 * records a node (its inputs and a backward function); `backward()` walks the recorded
 * graph once in reverse topological order and then releases it, so nothing from one
 * training step survives into the next.
 *
 *   const x = tensor([1, 2, 3], { requiresGrad: true });
 *   x.mul(x).sum().backward();
 *   x.grad!.toArray();               // [2, 4, 6]
 *   noGrad(() => model.forward(ids)); // inference: no graph recorded
 */
import { fmt, sameShape } from './shape.js';
import type { Tensor } from './tensor.js';

/** What an op leaves on its output for the backward pass. */
export interface GradNode {
  readonly op: string;
  readonly inputs: readonly Tensor[];
  /** Gradient of the loss w.r.t. each input, given the gradient w.r.t. the output
   *  (null for inputs that take none, e.g. integer ids). Runs with grad recording off. */
  backward(grad: Tensor): readonly (Tensor | null | undefined)[];
}

let gradEnabled = true;

/** Runs `fn` without recording a graph (like torch.no_grad). Synchronous code only. */
export function noGrad<T>(fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Switches recording on or off globally; returns the previous setting. */
export function setGradEnabled(enabled: boolean): boolean {
  const previous = gradEnabled;
  gradEnabled = enabled;
  return previous;
}

/** Does an op over these inputs need to record a node? */
export function needsGrad(inputs: readonly (Tensor | null | undefined)[]): boolean {
  if (!gradEnabled) return false;
  for (const t of inputs) if (t?.requiresGrad) return true;
  return false;
}

/** Attaches the backward node to `out` when any input requires a gradient. */
export function record(
  out: Tensor,
  op: string,
  inputs: readonly Tensor[],
  backward: GradNode['backward'],
): Tensor {
  if (needsGrad(inputs)) {
    out.requiresGrad = true;
    out.node = { op, inputs, backward };
  }
  return out;
}

/**
 * Backpropagates from `root`. Leaves (tensors created with requiresGrad) accumulate into
 * `.grad`; intermediate gradients are dropped, and every node on the way is released.
 */
export function backward(root: Tensor, grad: Tensor | undefined, makeOnes: (t: Tensor) => Tensor) {
  if (!root.requiresGrad) {
    throw new Error('backward: the tensor does not require grad (no input had requiresGrad)');
  }
  if (grad === undefined && root.size !== 1) {
    throw new Error(
      `backward: needs a gradient for a non-scalar output of shape ${fmt(root.shape)}`,
    );
  }
  const seed = grad ?? makeOnes(root);
  if (!sameShape(seed.shape, root.shape)) {
    throw new Error(
      `backward: gradient shape ${fmt(seed.shape)} differs from output ${fmt(root.shape)}`,
    );
  }

  // Topological order by iterative DFS (a deep model would overflow a recursive one).
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  const stack: [Tensor, number][] = [[root, 0]];
  visited.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const [t, i] = top;
    const inputs = t.node?.inputs ?? [];
    if (i < inputs.length) {
      top[1] = i + 1;
      const child = inputs[i]!;
      if (child.requiresGrad && !visited.has(child)) {
        visited.add(child);
        stack.push([child, 0]);
      }
    } else {
      order.push(t);
      stack.pop();
    }
  }

  const grads = new Map<Tensor, Tensor>([[root, seed]]);
  const previous = setGradEnabled(false);
  try {
    for (let k = order.length - 1; k >= 0; k--) {
      const t = order[k]!;
      const g = grads.get(t);
      grads.delete(t);
      if (g === undefined) continue;
      const node = t.node;
      if (node === null) {
        if (t.released) {
          throw new Error('backward: this graph was already used by a backward() and released');
        }
        // a leaf: accumulate into .grad (a fresh copy, never an alias of g)
        t.grad = t.grad === null ? g.clone() : t.grad.add(g);
        continue;
      }
      const inputGrads = node.backward(g);
      for (let j = 0; j < node.inputs.length; j++) {
        const input = node.inputs[j]!;
        const gi = inputGrads[j];
        if (!input.requiresGrad || gi === null || gi === undefined) continue;
        if (!sameShape(gi.shape, input.shape)) {
          throw new Error(
            `${node.op} backward: gradient ${fmt(gi.shape)} for an input of shape ${fmt(input.shape)}`,
          );
        }
        const acc = grads.get(input);
        grads.set(input, acc === undefined ? gi : acc.add(gi));
      }
      t.node = null; // release the graph: inputs become collectable after this step
      t.released = true;
    }
  } finally {
    setGradEnabled(previous);
  }
}
