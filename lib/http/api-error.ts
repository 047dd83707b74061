/** The one error vocabulary of every API: `{ error: { code, message } }` with its HTTP status. */
export type ApiErrorBody = { error: { code: string; message: string } };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}

export const badRequest = (code: string, message: string) => new ApiError(400, code, message);
