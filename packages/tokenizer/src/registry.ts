/**
 * Registries of pipeline pieces, built from the exports of each folder's index.ts — a new
 * normalizer is a new file plus one export line, never a case in a switch.
 *
 *   const n = loadNormalizer({ type: 'Lowercase' }, 'normalizer');
 *   n.normalize(NormalizedString.from('ABC')).normalized;   // 'abc'
 */
import { registryFromExports } from '@llm/registry';
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

/**
 * Every exported class with a static `type` and `fromJSON`, by type name, in name order.
 * Two classes with one `type` throw a DuplicateNameError naming both exports — a
 * `tokenizer.json` would otherwise load whichever was exported last.
 */
export function registryOf<T>(exports: Record<string, unknown>, kind = 'component'): Registry<T> {
  const registry = registryFromExports({
    kind,
    exports,
    is: (value): value is ComponentClass<T> =>
      typeof value === 'function' &&
      typeof (value as Partial<ComponentClass<T>>).type === 'string' &&
      typeof (value as Partial<ComponentClass<T>>).fromJSON === 'function',
    key: (c) => c.type,
  });
  // a Map, as before: `get` answers undefined, and the loader names the field itself
  return new Map(Object.entries(registry.entries));
}

export const normalizerRegistry = registryOf<Normalizer>(normalizers, 'normalizer');
export const preTokenizerRegistry = registryOf<PreTokenizer>(preTokenizers, 'pre-tokenizer');
export const modelRegistry = registryOf<Model>(models, 'model');
export const postProcessorRegistry = registryOf<PostProcessor>(postProcessors, 'post-processor');
export const decoderRegistry = registryOf<Decoder>(decoders, 'decoder');

function loader<T>(registry: Registry<T>, kind: string) {
  const load = (json: unknown, field: string): T => {
    const o = obj(json, field);
    const type = o.type;
    const supported = [...registry.keys()].join(', ');
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
