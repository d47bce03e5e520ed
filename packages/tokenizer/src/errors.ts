/**
 * The one error this package throws for bad input: a single line that names the file or
 * the field at fault.
 *
 *   throw new TokenizerError('model.type: unknown "Foo" (supported: BPE, Unigram, WordPiece)');
 */
export class TokenizerError extends Error {
  override readonly name = 'TokenizerError';
}
