import { HttpException } from '@nestjs/common';

/**
 * The stable codes every error body carries (`code`), beside its human message. A client translates
 * and branches on these; they never change meaning. Domain refusals add their own (the Rejection's
 * `code`, else its kind: forbidden, not_found, conflict, rule_broken).
 */
export type ErrorCode =
  | 'invalid_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'precondition_failed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rule_broken'
  | 'idempotency_key_reused'
  | 'idempotency_key_in_progress'
  | 'rate_limited'
  | 'replay_too_long'
  | 'read_models_behind'
  | 'unavailable'
  | 'internal_error'
  | IdentityErrorCode;

/** Sign-in's own codes (apps/server/src/identity). */
export type IdentityErrorCode =
  | 'signed_out'
  | 'no_access'
  | 'passkey_refused'
  | 'passkey_exists'
  | 'ceremony_expired'
  | 'last_device'
  | 'oidc_not_configured'
  | 'oidc_failed'
  | 'oidc_not_linked';

const CODE_OF_STATUS: Record<number, ErrorCode> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  412: 'precondition_failed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'rule_broken',
  429: 'rate_limited',
  503: 'unavailable',
};

/** The code of an HTTP status when nothing more precise is known. */
export function codeOfStatus(status: number): ErrorCode {
  return CODE_OF_STATUS[status] ?? (status >= 500 ? 'internal_error' : 'invalid_request');
}

/** An HTTP error with a stable code more precise than its status (e.g. 503 read_models_behind). */
export function httpError(status: number, code: ErrorCode, message: string): HttpException {
  return new HttpException({ statusCode: status, code, message }, status);
}
