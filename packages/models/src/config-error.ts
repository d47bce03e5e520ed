/**
 * Reading HF config.json fields with one-line errors that name the field.
 *
 *   const n = field(hf, 'n_embd', 'number');   // throws "config.json: n_embd must be a number, got ..."
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Kinds = { number: number; string: string; boolean: boolean };

export function field<K extends keyof Kinds>(
  hf: Record<string, unknown>,
  key: string,
  kind: K,
): Kinds[K];
export function field<K extends keyof Kinds>(
  hf: Record<string, unknown>,
  key: string,
  kind: K,
  fallback: Kinds[K],
): Kinds[K];
export function field<K extends keyof Kinds>(
  hf: Record<string, unknown>,
  key: string,
  kind: K,
  fallback?: Kinds[K],
): Kinds[K] {
  const value = hf[key];
  if (value === undefined || value === null) {
    if (fallback !== undefined) return fallback;
    throw new ConfigError(`config.json: missing field '${key}'`);
  }
  if (typeof value !== kind || (kind === 'number' && !Number.isFinite(value))) {
    throw new ConfigError(`config.json: '${key}' must be a ${kind}, got ${JSON.stringify(value)}`);
  }
  return value as Kinds[K];
}

/** A positive integer field (sizes, counts). */
export function size(hf: Record<string, unknown>, key: string, fallback?: number): number {
  const v = fallback === undefined ? field(hf, key, 'number') : field(hf, key, 'number', fallback);
  if (!Number.isInteger(v) || v <= 0)
    throw new ConfigError(`config.json: '${key}' must be a positive integer, got ${v}`);
  return v;
}
