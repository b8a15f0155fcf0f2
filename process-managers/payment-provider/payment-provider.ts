import type { Money } from '../../domain/shared/money.js';

/** One call to the provider; the key makes a repeated call (a retry) the same call, never a second charge. */
export interface ProviderCall {
  readonly idempotencyKey: string;
  readonly paymentId: string;
  readonly amount: Money;
}

export type AuthorizationAnswer = { readonly outcome: 'approved'; readonly reference: string } | { readonly outcome: 'declined' };

/** The provider failed in a way that may pass (an error answer, an outage): the call may be retried with the same key. */
export class PaymentProviderUnavailableError extends Error {
  override readonly name = 'PaymentProviderUnavailableError';
}

/**
 * The payment provider as the order saga sees it. A call that never answers is the caller's to time
 * out; every call carries an idempotency key derived from the payment, so retrying is safe.
 */
export interface PaymentProvider {
  authorize(call: ProviderCall & { readonly token: string }): Promise<AuthorizationAnswer>;
  capture(call: ProviderCall): Promise<void>;
  void(call: ProviderCall): Promise<void>;
  refund(call: ProviderCall): Promise<void>;
}
