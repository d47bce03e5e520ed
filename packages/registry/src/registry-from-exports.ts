/**
 * A name → definition table built from a module's exports — the one way every package
 * finds its optimizers, schedules, metrics, commands, tokenizer pieces and model
 * architectures, so adding one is adding a file and its export line, never editing a list.
 *
 *   import * as exported from './optimizers/index.js';
 *   const optimizers = registryFromExports({ kind: 'optimizer', exports: exported, is: isOptimizerDef });
 *   optimizers.get('adamw');     // the AdamW definition
 *   optimizers.get('lion');      // throws: unknown optimizer 'lion' (available: adam, adamw, sgd)
 *
 * Two exports claiming one name throw a DuplicateNameError naming both, when the table is
 * built: with first-match or last-wins, which one you got would depend on export order.
 * One definition exported under two names (an alias) is the same entry, not a duplicate.
 */

export interface RegistryOptions<T> {
  /** What the entries are, for messages: 'optimizer' → "unknown optimizer 'x'". */
  readonly kind: string;
  /** A module namespace (`import * as exported from …`) or any record of exports. */
  readonly exports: Readonly<Record<string, unknown>>;
  /** Which exports are entries; everything else (helpers, constants) is skipped. */
  readonly is: (value: unknown) => value is T;
  /**
   * The name an entry is found by, or several (a model architecture answers to each HF
   * architecture string it builds). Default: the entry's `name` property.
   */
  readonly key?: (value: T) => string | readonly string[];
  /** Builds the error an unknown name throws (a package keeps its own error class). */
  readonly unknownError?: (message: string) => Error;
}

export interface Registry<T> {
  readonly kind: string;
  /** Every name with its entry, in name order; frozen. */
  readonly entries: Readonly<Record<string, T>>;
  /** The entry called `name`; an unknown name throws, listing the known ones on one line. */
  get(name: string): T;
  has(name: string): boolean;
  /** The names, sorted. */
  names(): readonly string[];
  /** Each entry once, in the order of its first name. */
  values(): readonly T[];
}

/** An unknown name: `unknown optimizer 'x' (available: a, b)`. */
export class UnknownNameError extends Error {
  override readonly name = 'UnknownNameError';
}

/** Two exports claim one name: the message names the name and both export keys. */
export class DuplicateNameError extends Error {
  override readonly name = 'DuplicateNameError';
  constructor(
    readonly kind: string,
    readonly entryName: string,
    readonly exportKeys: readonly [string, string],
  ) {
    super(
      `two ${kind}s are named '${entryName}': exports '${exportKeys[0]}' and '${exportKeys[1]}'`,
    );
  }
}

export function registryFromExports<T>(options: RegistryOptions<T>): Registry<T> {
  const { kind, exports, is } = options;
  const key = options.key ?? defaultKey;
  const claimed = new Map<string, { value: T; exportKey: string }>();
  for (const [exportKey, value] of Object.entries(exports)) {
    if (!is(value)) continue;
    const keys: unknown = key(value);
    for (const name of Array.isArray(keys) ? keys : [keys]) {
      if (typeof name !== 'string' || name === '') {
        throw new TypeError(`${kind} export '${exportKey}' has no name`);
      }
      const earlier = claimed.get(name);
      if (earlier === undefined) claimed.set(name, { value, exportKey });
      else if (earlier.value !== value) {
        throw new DuplicateNameError(kind, name, [earlier.exportKey, exportKey]);
      }
    }
  }
  // Code-unit order, not localeCompare: the listing must not change with the machine's locale.
  const names = Object.freeze([...claimed.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  // fromEntries defines own properties, so a name like '__proto__' stays a plain key.
  const entries: Readonly<Record<string, T>> = Object.freeze(
    Object.fromEntries(names.map((name) => [name, claimed.get(name)!.value])),
  );
  const values = Object.freeze([...new Set(names.map((name) => entries[name]!))]);
  const has = (name: string) => Object.hasOwn(entries, name);
  const unknownError = options.unknownError ?? ((message) => new UnknownNameError(message));
  return Object.freeze({
    kind,
    entries,
    has,
    names: () => names,
    values: () => values,
    get(name: string): T {
      // hasOwn, so 'toString' or 'constructor' is an unknown name, not Object.prototype's
      if (has(name)) return entries[name]!;
      throw unknownError(`unknown ${kind} '${name}' (available: ${names.join(', ')})`);
    },
  });
}

function defaultKey(value: unknown): string {
  return (value as { name?: unknown }).name as string;
}
