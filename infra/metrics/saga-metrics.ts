import { Counter, type Registry } from 'prom-client';

/**
 * `shopverse_saga_timeouts_fired_total`: payment timeouts this process's order saga fired (the payment
 * was still unanswered when its time was up, and is declined by it). A timeout the answer made moot
 * is not counted; `shopverse_saga_jobs` has the jobs themselves, across processes.
 */
export function sagaTimeoutMetrics(registry: Registry): { paymentTimeoutFired: () => void } {
  const fired = new Counter({
    name: 'shopverse_saga_timeouts_fired_total',
    help: 'Payment timeouts the order saga fired: the payment was still unanswered and counts as declined',
    registers: [registry],
  });
  return { paymentTimeoutFired: () => fired.inc() };
}
