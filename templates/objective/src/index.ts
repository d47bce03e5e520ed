/**
 * @llm/objective-__name__ — __Description__
 *
 *   import { __camelName__ } from '@llm/objective-__name__';
 */
export { type __PascalName__Batch, __camelName__ } from './__name__.js';
