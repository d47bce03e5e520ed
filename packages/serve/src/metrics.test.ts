import { describe, expect, it } from 'vitest';
import { Metrics } from './metrics.js';

describe('Metrics', () => {
  it('counts requests by route and status, and tokens in and out', () => {
    const m = new Metrics();
    m.request('/v1/completions', 200);
    m.request('/v1/completions', 200);
    m.request('/v1/completions', 400);
    m.request('un"matched', 404);
    m.tokens(3, 7);
    m.tokens(2, 1);
    const text = m.render();
    expect(text).toContain('llm_requests_total{route="/v1/completions",status="200"} 2\n');
    expect(text).toContain('llm_requests_total{route="/v1/completions",status="400"} 1\n');
    expect(text).toContain('llm_requests_total{route="un\\"matched",status="404"} 1\n');
    expect(text).toContain('llm_prompt_tokens_total 5\n');
    expect(text).toContain('llm_completion_tokens_total 8\n');
    expect(text).toContain('# TYPE llm_requests_total counter\n');
  });
});
