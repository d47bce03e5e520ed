/**
 * Reading tokenizer.json safely: every accessor names the field it wanted, so a malformed
 * file fails with one line such as `model.vocab must be an object`.
 *
 *   const o = obj(JSON.parse(text), 'tokenizer.json');
 *   const kind = str(o, 'type', 'model');   // throws 'model.type must be a string'
 */
import { TokenizerError } from './errors.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function obj(v: unknown, field: string): JsonObject {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new TokenizerError(`${field} must be an object`);
  }
  return v as JsonObject;
}

export function arr(v: unknown, field: string): Json[] {
  if (!Array.isArray(v)) throw new TokenizerError(`${field} must be an array`);
  return v as Json[];
}

export function str(o: JsonObject, key: string, field: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new TokenizerError(`${field}.${key} must be a string`);
  return v;
}

export function num(o: JsonObject, key: string, field: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new TokenizerError(`${field}.${key} must be a number`);
  }
  return v;
}

export function int(o: JsonObject, key: string, field: string): number {
  const v = num(o, key, field);
  if (!Number.isInteger(v) || v < 0) {
    throw new TokenizerError(`${field}.${key} must be a non-negative integer`);
  }
  return v;
}

export function bool(o: JsonObject, key: string, field: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw new TokenizerError(`${field}.${key} must be true or false`);
  return v;
}

/** The value when present (and not null), else the fallback. */
export function opt<T>(
  o: JsonObject,
  key: string,
  field: string,
  read: (o: JsonObject, key: string, field: string) => T,
  fallback: T,
): T {
  return o[key] === undefined || o[key] === null ? fallback : read(o, key, field);
}

/** A JS RegExp from an HF pattern `{"String": s}` or `{"Regex": r}`. */
export function pattern(v: unknown, field: string, flags = 'gu'): { re: RegExp; json: JsonObject } {
  const o = obj(v, field);
  if (typeof o.String === 'string') {
    return { re: new RegExp(escapeRegex(o.String), flags), json: { String: o.String } };
  }
  if (typeof o.Regex === 'string') {
    try {
      return { re: new RegExp(o.Regex, flags), json: { Regex: o.Regex } };
    } catch (e) {
      throw new TokenizerError(
        `${field}.Regex is not a valid regular expression: ${(e as Error).message}`,
      );
    }
  }
  throw new TokenizerError(`${field} must be {"String": ...} or {"Regex": ...}`);
}

export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
