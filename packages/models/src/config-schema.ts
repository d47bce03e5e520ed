/**
 * One table per model says, for each config field, its Hugging Face `config.json` key,
 * its type and its default — written once. The constructor fills defaults from it,
 * `fromHfConfig` reads and checks config.json through it, `toHfConfig` writes through
 * it, so the three can never disagree.
 *
 *   const gptSchema = schema<GptConfig>({
 *     embedDim: { hf: 'n_embd', kind: 'size' },                      // required
 *     residDropout: { hf: 'resid_pdrop', kind: 'probability', default: 0.1 },
 *   });
 *   resolveConfig(gptSchema, { embedDim: 768 });      // every field, defaults filled in
 *   configFromHf(gptSchema, hf, 'gpt2');              // "config.json: 'n_embd' must be a positive integer, got -1"
 *
 * An unknown key in config.json is an error naming it (a typo such as `n_embed` would
 * otherwise silently give a default-sized model), except the keys every HF config
 * carries (`transformers_version`, generation defaults, …) and each model's own list of
 * keys it knows and ignores.
 */
import { ConfigError } from './config-error.js';

type Kind = 'size' | 'count' | 'number' | 'probability' | 'boolean' | 'string' | 'labels';

export interface FieldSpec<C, V> {
  /** The config.json key. */
  readonly hf: string;
  readonly kind: Kind;
  /** Absent: the field is required. A function derives it from the other fields. */
  readonly default?: V | ((config: C) => V);
  /** Allowed values (strings). */
  readonly oneOf?: readonly V[];
  /** config.json value → ours (after the type check), e.g. n_inner null → 4·C. */
  readonly read?: (value: unknown, hf: Record<string, unknown>) => V;
  /** Ours → config.json value. */
  readonly write?: (value: V, config: Required<C>) => unknown;
  /** HF spellings that mean one of ours ('gelu_pytorch_tanh' → 'gelu_new'). */
  readonly aliases?: Readonly<Record<string, V>>;
}

export type Schema<C> = { readonly [K in keyof C]-?: FieldSpec<C, NonNullable<C[K]>> };

export function schema<C>(fields: Schema<C>): Schema<C> {
  return fields;
}

/** Every field, defaults filled in, values checked: what the model's constructor keeps. */
export function resolveConfig<C>(s: Schema<C>, config: C, where: string): Required<C> {
  const out: Record<string, unknown> = { ...(config as Record<string, unknown>) };
  const entries = Object.entries(s) as [string, FieldSpec<C, unknown>][];
  // derived defaults may read other fields, so fill the literal ones first
  for (const pass of ['literal', 'derived'] as const) {
    for (const [key, spec] of entries) {
      if (out[key] !== undefined) continue;
      if (spec.default === undefined) {
        if (pass === 'derived') throw new ConfigError(`${where}: missing config field '${key}'`);
        continue;
      }
      const derived = typeof spec.default === 'function';
      if (derived === (pass === 'derived'))
        out[key] = derived ? (spec.default as (c: C) => unknown)(out as C) : spec.default;
    }
  }
  for (const [key, spec] of entries) check(out[key], spec, `${where}: config field '${key}'`);
  return out as Required<C>;
}

/** Keys every Hugging Face PretrainedConfig may carry, which no model here reads. */
const COMMON_HF_KEYS = [
  '_name_or_path',
  'transformers_version',
  'model_type',
  'architectures',
  'torch_dtype',
  'use_cache',
  'return_dict',
  'output_hidden_states',
  'output_attentions',
  'torchscript',
  'use_bfloat16',
  'tf_legacy_loss',
  'pruned_heads',
  'chunk_size_feed_forward',
  'is_decoder',
  'is_encoder_decoder',
  'add_cross_attention',
  'cross_attention_hidden_size',
  'tie_encoder_decoder',
  'finetuning_task',
  'tokenizer_class',
  'prefix',
  'task_specific_params',
  'gradient_checkpointing',
  'label2id',
  'num_labels',
  'sep_token_id',
  'bos_token_id',
  'eos_token_id',
  'pad_token_id',
  'decoder_start_token_id',
  // generation defaults (HF moved them to generation_config.json)
  'max_length',
  'min_length',
  'do_sample',
  'early_stopping',
  'num_beams',
  'num_beam_groups',
  'diversity_penalty',
  'temperature',
  'top_k',
  'top_p',
  'typical_p',
  'repetition_penalty',
  'length_penalty',
  'no_repeat_ngram_size',
  'encoder_no_repeat_ngram_size',
  'bad_words_ids',
  'num_return_sequences',
  'output_scores',
  'return_dict_in_generate',
  'forced_bos_token_id',
  'forced_eos_token_id',
  'remove_invalid_values',
  'exponential_decay_length_penalty',
  'suppress_tokens',
  'begin_suppress_tokens',
  'output_past',
];

/**
 * A parsed config.json → our config (defaults are left to resolveConfig). `known` lists
 * keys this model accepts and ignores (or checks itself).
 */
export function configFromHf<C>(
  s: Schema<C>,
  hf: Record<string, unknown>,
  known: readonly string[] = [],
): C {
  const byHfKey = new Map<string, [string, FieldSpec<C, unknown>]>();
  for (const [key, spec] of Object.entries(s) as [string, FieldSpec<C, unknown>][])
    byHfKey.set(spec.hf, [key, spec]);
  const accepted = new Set([...COMMON_HF_KEYS, ...known]);
  for (const k of Object.keys(hf)) {
    if (byHfKey.has(k) || accepted.has(k)) continue;
    throw new ConfigError(`config.json: unknown field '${k}' for model_type '${hf.model_type}'`);
  }
  const out: Record<string, unknown> = {};
  for (const [hfKey, [key, spec]] of byHfKey) {
    const raw = hf[hfKey];
    if (raw === undefined || (raw === null && spec.read === undefined)) {
      if (spec.default === undefined)
        throw new ConfigError(`config.json: missing field '${hfKey}'`);
      continue;
    }
    const aliased = typeof raw === 'string' && spec.aliases?.[raw] !== undefined;
    const value = aliased ? spec.aliases![raw as string] : spec.read ? spec.read(raw, hf) : raw;
    if (value === undefined) continue;
    check(value, spec, `config.json: '${hfKey}'`);
    out[key] = value;
  }
  return out as C;
}

/** Our resolved config → config.json keys. */
export function configToHf<C>(s: Schema<C>, config: Required<C>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(s) as [string, FieldSpec<C, unknown>][]) {
    const value = (config as Record<string, unknown>)[key];
    out[spec.hf] = spec.write ? spec.write(value, config) : value;
  }
  return out;
}

function check(value: unknown, spec: FieldSpec<never, unknown>, what: string): void {
  const bad = (expected: string) =>
    new ConfigError(`${what} must be ${expected}, got ${JSON.stringify(value)}`);
  const numeric = spec.kind === 'size' || spec.kind === 'count' || spec.kind === 'probability';
  if (numeric && (typeof value !== 'number' || !Number.isFinite(value))) throw bad('a number');
  switch (spec.kind) {
    case 'size':
      if (!Number.isInteger(value) || (value as number) <= 0) throw bad('a positive integer');
      break;
    case 'count':
      if (!Number.isInteger(value) || (value as number) < 0) throw bad('an integer ≥ 0');
      break;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw bad('a number');
      break;
    case 'probability':
      if (typeof value !== 'number' || !(value >= 0 && value < 1)) throw bad('a number in [0, 1)');
      break;
    case 'boolean':
      if (typeof value !== 'boolean') throw bad('a boolean');
      break;
    case 'string':
      if (typeof value !== 'string') throw bad('a string');
      break;
    case 'labels':
      if (
        typeof value !== 'object' ||
        value === null ||
        Array.isArray(value) ||
        Object.values(value).some((v) => typeof v !== 'string')
      )
        throw bad('an object of label names');
      break;
  }
  if (spec.oneOf && !spec.oneOf.includes(value))
    throw new ConfigError(
      `${what} '${String(value)}' is not supported (${spec.oneOf.map(String).join(', ')})`,
    );
}
