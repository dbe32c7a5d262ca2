/**
 * Why a command was refused. The kind maps to an HTTP status in the server:
 * forbidden 403, not_found 404, conflict 409, precondition_failed 412, rule_broken 422.
 * `code` is stable (a client translates it); the message is for people reading logs and English UIs.
 */
export type RejectionKind = 'forbidden' | 'not_found' | 'conflict' | 'precondition_failed' | 'rule_broken';

export class Rejection extends Error {
  constructor(
    readonly kind: RejectionKind,
    message: string,
    readonly code: string = kind,
  ) {
    super(message);
    this.name = 'Rejection';
  }
}

export const forbidden = (message: string, code?: string) => new Rejection('forbidden', message, code);
export const notFound = (message: string, code?: string) => new Rejection('not_found', message, code);
export const conflict = (message: string, code?: string) => new Rejection('conflict', message, code);
export const ruleBroken = (message: string, code?: string) => new Rejection('rule_broken', message, code);
/** The client acted on a revision (If-Match) the record has since moved past. */
export const preconditionFailed = (message: string, code = 'stale_revision') => new Rejection('precondition_failed', message, code);
