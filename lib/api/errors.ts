// The server API's error vocabulary: one code → HTTP status map, and every error body is
// `{ error: { code, message } }` (lib/http/api-error.ts). 400 means the request itself is
// malformed (query string, cursor, JSON, content type); 422 means well-formed JSON whose fields
// fail validation, as the peer API this one mirrors answers (e.g. a revoke reason over 500).
import { ApiError } from "../http/api-error";
import { RELEASE_ERROR_STATUS } from "./releases/error-codes";

export const API_ERROR_STATUS = {
  INVALID_REQUEST: 400,
  INVALID_CURSOR: 400,
  INVALID_JSON: 400,
  UNSUPPORTED_CONTENT_TYPE: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ALREADY_REVOKED: 409,
  LICENSE_REVOKED: 409,
  BODY_TOO_LARGE: 413,
  VALIDATION_ERROR: 422,
  INVALID_DOMAIN: 422,
  INVALID_IP: 422,
  CUSTOMER_NOT_FOUND: 422,
  PRODUCT_NOT_FOUND: 422,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  /** Release uploads and status changes (lib/api/releases/error-codes.ts). */
  ...RELEASE_ERROR_STATUS,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;
export const API_ERROR_CODES = Object.keys(API_ERROR_STATUS) as ApiErrorCode[];

export function apiError(code: ApiErrorCode, message: string): ApiError {
  return new ApiError(API_ERROR_STATUS[code], code, message);
}

export const licenseNotFound = () => apiError("NOT_FOUND", "License not found");
