/**
 * Writes the loss-curve SVG when training ends (atomically), e.g. beside the checkpoints.
 *
 *   import { lossCurveFile } from '@llm/trainer/node';
 *   await train({ ..., callbacks: [lossCurveFile('runs/gpt/loss-curve.svg')] });
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '@llm/tensor-core/node';
import { type LossCurveOptions, lossCurveSvg } from '../loss-curve.js';
import type { TrainCallbacks } from '../train.js';

export function lossCurveFile(path: string, options: LossCurveOptions = {}): TrainCallbacks {
  return {
    async onEnd(result) {
      await mkdir(dirname(path), { recursive: true });
      await writeFileAtomic(
        path,
        lossCurveSvg({ losses: result.losses, evals: result.evals }, options),
      );
    },
  };
}
