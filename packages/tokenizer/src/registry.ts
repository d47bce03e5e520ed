/**
 * Registries of pipeline pieces, built from the exports of each folder's index.ts — a new
 * normalizer is a new file plus one export line, never a case in a switch.
 *
 *   const n = loadNormalizer({ type: 'Lowercase' }, 'normalizer');
 *   n.normalize(NormalizedString.from('ABC')).normalized;   // 'abc'
 */
import type {
  ComponentClass,
  Decoder,
  Model,
  Normalizer,
  PostProcessor,
  PreTokenizer,
} from './components.js';
import * as decoders from './decoders/index.js';
import { TokenizerError } from './errors.js';
import { obj } from './json.js';
import * as models from './models/index.js';
import * as normalizers from './normalizers/index.js';
import * as postProcessors from './post-processors/index.js';
import * as preTokenizers from './pre-tokenizers/index.js';

export type Registry<T> = ReadonlyMap<string, ComponentClass<T>>;

/** Every exported class with a static `type` and `fromJSON`, by type name. */
export function registryOf<T>(exports: Record<string, unknown>): Registry<T> {
  const map = new Map<string, ComponentClass<T>>();
  for (const value of Object.values(exports)) {
    const c = value as Partial<ComponentClass<T>> | null;
    if (
      typeof value === 'function' &&
      typeof c?.type === 'string' &&
      typeof c.fromJSON === 'function'
    ) {
      map.set(c.type, c as ComponentClass<T>);
    }
  }
  return map;
}

export const normalizerRegistry = registryOf<Normalizer>(normalizers);
export const preTokenizerRegistry = registryOf<PreTokenizer>(preTokenizers);
export const modelRegistry = registryOf<Model>(models);
export const postProcessorRegistry = registryOf<PostProcessor>(postProcessors);
export const decoderRegistry = registryOf<Decoder>(decoders);

function loader<T>(registry: Registry<T>, kind: string) {
  const load = (json: unknown, field: string): T => {
    const o = obj(json, field);
    const type = o.type;
    const supported = [...registry.keys()].sort().join(', ');
    if (typeof type !== 'string') {
      throw new TokenizerError(
        `${field}.type must be a string naming the ${kind} (supported: ${supported})`,
      );
    }
    const c = registry.get(type);
    if (c === undefined) {
      throw new TokenizerError(
        `${field}.type: unknown ${kind} "${type}" (supported: ${supported})`,
      );
    }
    return c.fromJSON(o, field, load);
  };
  return load;
}

export const loadNormalizer = loader(normalizerRegistry, 'normalizer');
export const loadPreTokenizer = loader(preTokenizerRegistry, 'pre-tokenizer');
export const loadModel = loader(modelRegistry, 'model');
export const loadPostProcessor = loader(postProcessorRegistry, 'post-processor');
export const loadDecoder = loader(decoderRegistry, 'decoder');
