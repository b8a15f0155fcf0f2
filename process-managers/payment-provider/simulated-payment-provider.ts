import { v5 as uuidv5 } from 'uuid';
import { PaymentProviderUnavailableError, type AuthorizationAnswer, type PaymentProvider, type ProviderCall } from './payment-provider.js';

// Fixed namespace: the simulated provider's references derive from the idempotency key, as a real one's answers repeat.
const REFERENCE_NAMESPACE = 'c1a6f0e2-3b7d-4e59-9a18-6d2c4b8e0f37';
/** `tok_error` fails this many times per idempotency key, then approves. */
const TRANSIENT_FAILURES = 2;

export type SimulatedOperation = 'authorize' | 'capture' | 'void' | 'refund';

/**
 * The built-in provider of API.md: `tok_visa` approves, `tok_declined` declines, `tok_timeout` never
 * answers, `tok_error` fails on its first two attempts and then approves; any other token declines.
 * It answers after `latencyMs` and keeps what it did per idempotency key, so a repeated call changes
 * nothing; `effects` tells how often each operation really took effect (for checks and tests).
 */
export class SimulatedPaymentProvider implements PaymentProvider {
  private readonly attempts = new Map<string, number>();
  private readonly done = new Map<string, AuthorizationAnswer | true>();
  private readonly counts = new Map<string, number>();

  constructor(private readonly latencyMs = 0) {}

  /** How many times `operation` took effect for the payment (repeats with the same key not counted). */
  effects(operation: SimulatedOperation, paymentId: string): number {
    return this.counts.get(`${operation}/${paymentId}`) ?? 0;
  }

  async authorize(call: ProviderCall & { readonly token: string }): Promise<AuthorizationAnswer> {
    await this.answerTime();
    const key = `authorize/${call.idempotencyKey}`;
    const earlier = this.done.get(key);
    if (earlier !== undefined && earlier !== true) return earlier;
    if (call.token === 'tok_timeout') return new Promise<never>(() => undefined);
    if (call.token === 'tok_error') {
      const attempt = (this.attempts.get(key) ?? 0) + 1;
      this.attempts.set(key, attempt);
      if (attempt <= TRANSIENT_FAILURES) throw new PaymentProviderUnavailableError(`simulated provider error (attempt ${attempt})`);
    }
    const answer: AuthorizationAnswer =
      call.token === 'tok_visa' || call.token === 'tok_error' ? { outcome: 'approved', reference: uuidv5(key, REFERENCE_NAMESPACE) } : { outcome: 'declined' };
    this.record(key, answer, 'authorize', call.paymentId);
    return answer;
  }

  capture(call: ProviderCall): Promise<void> {
    return this.once('capture', call);
  }

  void(call: ProviderCall): Promise<void> {
    return this.once('void', call);
  }

  refund(call: ProviderCall): Promise<void> {
    return this.once('refund', call);
  }

  private async once(operation: SimulatedOperation, call: ProviderCall): Promise<void> {
    await this.answerTime();
    const key = `${operation}/${call.idempotencyKey}`;
    if (!this.done.has(key)) this.record(key, true, operation, call.paymentId);
  }

  private record(key: string, answer: AuthorizationAnswer | true, operation: SimulatedOperation, paymentId: string): void {
    this.done.set(key, answer);
    if (answer === true || answer.outcome === 'approved') this.counts.set(`${operation}/${paymentId}`, this.effects(operation, paymentId) + 1);
  }

  private answerTime(): Promise<void> {
    return this.latencyMs === 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, this.latencyMs));
  }
}
