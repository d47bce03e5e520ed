/**
 * The error a bad config gives: one line naming the file and the field.
 *
 *   throw new ConfigError("config.json: 'n_embd' must be a positive integer, got -1");
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
