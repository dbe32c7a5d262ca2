/**
 * Why a command was refused. The kind maps to an HTTP status in the server:
 * forbidden 403, not_found 404, conflict 409, rule_broken 422.
 */
export type RejectionKind = 'forbidden' | 'not_found' | 'conflict' | 'rule_broken';

export class Rejection extends Error {
  constructor(
    readonly kind: RejectionKind,
    message: string,
    /** A stable code more precise than the kind (e.g. `already_voted`), for clients to translate. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'Rejection';
  }
}

export const forbidden = (message: string) => new Rejection('forbidden', message);
export const notFound = (message: string) => new Rejection('not_found', message);
export const conflict = (message: string) => new Rejection('conflict', message);
export const ruleBroken = (message: string) => new Rejection('rule_broken', message);
