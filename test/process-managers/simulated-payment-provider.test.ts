import { describe, expect, it } from 'vitest';
import { PaymentProviderUnavailableError } from '../../process-managers/payment-provider/payment-provider.js';
import { SimulatedPaymentProvider } from '../../process-managers/payment-provider/simulated-payment-provider.js';

const paymentId = '7d4f1c1e-3d55-4a4e-9a43-0a1f3f1f6c01';
const amount = { amount: 1_000, currency: 'EUR' };
const call = (token: string, idempotencyKey = `${paymentId}/authorize`) => ({ idempotencyKey, paymentId, amount, token });

describe('the simulated payment provider', () => {
  it('approves tok_visa, declines tok_declined, and answers a repeated call as the first without charging again', async () => {
    const provider = new SimulatedPaymentProvider();
    const first = await provider.authorize(call('tok_visa'));
    expect(first).toMatchObject({ outcome: 'approved' });
    expect(await provider.authorize(call('tok_visa'))).toEqual(first);
    expect(provider.effects('authorize', paymentId)).toBe(1);
    expect(await provider.authorize(call('tok_declined', 'other/authorize'))).toEqual({ outcome: 'declined' });
  });

  it('fails tok_error twice per key, then approves once', async () => {
    const provider = new SimulatedPaymentProvider();
    await expect(provider.authorize(call('tok_error'))).rejects.toBeInstanceOf(PaymentProviderUnavailableError);
    await expect(provider.authorize(call('tok_error'))).rejects.toBeInstanceOf(PaymentProviderUnavailableError);
    expect(await provider.authorize(call('tok_error'))).toMatchObject({ outcome: 'approved' });
    expect(await provider.authorize(call('tok_error'))).toMatchObject({ outcome: 'approved' });
    expect(provider.effects('authorize', paymentId)).toBe(1);
  });

  it('never answers tok_timeout', async () => {
    const provider = new SimulatedPaymentProvider();
    const answer = await Promise.race([provider.authorize(call('tok_timeout')), new Promise((resolve) => setTimeout(resolve, 200, 'no answer'))]);
    expect(answer).toBe('no answer');
  });

  it('captures, voids and refunds once per idempotency key, after its latency', async () => {
    const provider = new SimulatedPaymentProvider(30);
    const started = Date.now();
    await provider.capture({ idempotencyKey: `${paymentId}/capture`, paymentId, amount });
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    await provider.capture({ idempotencyKey: `${paymentId}/capture`, paymentId, amount });
    await provider.refund({ idempotencyKey: `${paymentId}/refund/a`, paymentId, amount });
    await provider.refund({ idempotencyKey: `${paymentId}/refund/b`, paymentId, amount });
    expect([provider.effects('capture', paymentId), provider.effects('refund', paymentId), provider.effects('void', paymentId)]).toEqual([1, 2, 0]);
  });
});
