import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('@llm/serve public API', () => {
  it('exports the server, its parts and nothing else', () => {
    expect(Object.keys(api).sort()).toEqual([
      'ApiError',
      'Metrics',
      'createServer',
      'defaultLimits',
      'generateText',
      'loadModelDir',
      'renderChat',
      'serve',
    ]);
  });
});
