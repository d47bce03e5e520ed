/**
 * @llm/objective-prefix-lm — prefix language modelling as an @llm objective, in a package
 * of its own: it depends only on the published `Objective` interface.
 *
 *   import { prefixLm } from '@llm/objective-prefix-lm';
 *   const objective = prefixLm({ padTokenId: 0 });
 *   train({ model, objective, ... });
 */
export {
  type PrefixLanguageModel,
  type PrefixLmBatch,
  type PrefixLmOptions,
  prefixLm,
} from './prefix-lm.js';
