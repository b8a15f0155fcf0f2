/**
 * Why a command was refused: a business rule, not a bug. `code` says what kind of refusal it is,
 * so the API can answer with the right status (409 conflict, 422 unprocessable, 404 not found).
 */
export type RejectionCode = 'conflict' | 'unprocessable' | 'not_found' | 'forbidden';

export interface Rejection {
  readonly rejected: true;
  readonly code: RejectionCode;
  readonly reason: string;
}

export function reject(code: RejectionCode, reason: string): Rejection {
  return { rejected: true, code, reason };
}

export function isRejection(value: unknown): value is Rejection {
  return typeof value === 'object' && value !== null && (value as { rejected?: unknown }).rejected === true;
}
