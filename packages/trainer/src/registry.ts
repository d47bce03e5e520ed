/**
 * Name → definition tables built from a module's exports (optimizers, schedules), so a
 * new one is a new file and an export line.
 *
 *   const table = buildRegistry('optimizer', exported, isOptimizerDef);
 *   lookup('optimizer', table, 'adamw');
 */
export function buildRegistry<T extends { readonly name: string }>(
  kind: string,
  modules: Record<string, unknown>,
  is: (value: unknown) => value is T,
): Readonly<Record<string, T>> {
  const table: Record<string, T> = {};
  const found = Object.values(modules).filter(is);
  for (const def of found.sort((a, b) => a.name.localeCompare(b.name))) {
    // Two files claiming one name would make lookup depend on export order.
    if (table[def.name]) throw new Error(`two ${kind}s are named '${def.name}'`);
    table[def.name] = def;
  }
  return Object.freeze(table);
}

export class UnknownNameError extends Error {
  override readonly name = 'UnknownNameError';
}

export function lookup<T>(kind: string, table: Readonly<Record<string, T>>, name: string): T {
  const def = Object.hasOwn(table, name) ? table[name] : undefined;
  if (def !== undefined) return def;
  throw new UnknownNameError(
    `unknown ${kind} '${name}' (available: ${Object.keys(table).join(', ')})`,
  );
}
