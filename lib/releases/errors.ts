// What a refused release says: a stable code for the API and the CLI, and a sentence for the form.
import { ApiError } from "../http/api-error";

export class ReleaseError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** 400 for what the vendor sent; 404 / 409 for what it refers to or collides with. */
    readonly status: 400 | 404 | 409 | 413 = 400,
  ) {
    super(message);
  }

  toApiError(): ApiError {
    return new ApiError(this.status, this.code, this.message);
  }
}
