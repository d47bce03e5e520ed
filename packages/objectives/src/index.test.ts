import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('@llm/objectives public API', () => {
  it('exports nothing until its implementation lands (no placeholders)', () => {
    expect(Object.keys(api)).toEqual([]);
  });
});
