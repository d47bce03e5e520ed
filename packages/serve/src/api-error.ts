/**
 * The one error shape every route answers with, OpenAI's:
 * `{"error":{"message","type","param","code"}}`, so the official clients raise their
 * typed errors (BadRequestError, NotFoundError, AuthenticationError, …).
 *
 *   throw new ApiError(400, 'n must be 1 (several choices are not supported yet)', { param: 'n' });
 */

/** OpenAI's error `type` for each status this server answers with. */
const TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  404: 'not_found_error',
  405: 'invalid_request_error',
  413: 'invalid_request_error',
  415: 'invalid_request_error',
  504: 'timeout_error',
};

export interface ApiErrorBody {
  readonly error: {
    readonly message: string;
    readonly type: string;
    readonly param: string | null;
    readonly code: string | null;
  };
}

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly details: {
      readonly param?: string | null;
      readonly code?: string | null;
      readonly type?: string;
    } = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toJSON(): ApiErrorBody {
    return {
      error: {
        message: this.message,
        type: this.details.type ?? TYPES[this.statusCode] ?? 'server_error',
        param: this.details.param ?? null,
        code: this.details.code ?? null,
      },
    };
  }
}
