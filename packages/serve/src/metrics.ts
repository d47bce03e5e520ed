/**
 * Counters for `GET /metrics`, in Prometheus' text exposition format (version 0.0.4).
 *
 *   const metrics = new Metrics();
 *   metrics.request('/v1/completions', 200);
 *   metrics.tokens(5, 16);
 *   metrics.render();   // '# HELP llm_requests_total …\nllm_requests_total{route="/v1/completions",status="200"} 1\n…'
 */
export class Metrics {
  private readonly requests = new Map<string, number>();
  private promptTokens = 0;
  private completionTokens = 0;

  /** One finished (or abandoned) request; `route` is the matched route, or 'unmatched'. */
  request(route: string, status: number): void {
    const key = `route="${escapeLabel(route)}",status="${status}"`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
  }

  tokens(prompt: number, completion: number): void {
    this.promptTokens += prompt;
    this.completionTokens += completion;
  }

  render(): string {
    const lines = [
      '# HELP llm_requests_total HTTP requests by route and status.',
      '# TYPE llm_requests_total counter',
      ...[...this.requests].map(([labels, n]) => `llm_requests_total{${labels}} ${n}`),
      '# HELP llm_prompt_tokens_total Prompt tokens read.',
      '# TYPE llm_prompt_tokens_total counter',
      `llm_prompt_tokens_total ${this.promptTokens}`,
      '# HELP llm_completion_tokens_total Tokens generated.',
      '# TYPE llm_completion_tokens_total counter',
      `llm_completion_tokens_total ${this.completionTokens}`,
    ];
    return `${lines.join('\n')}\n`;
  }
}

// Prometheus label values escape backslash, double quote and newline.
function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
