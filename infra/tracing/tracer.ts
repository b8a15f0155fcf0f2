import { context, SpanStatusCode, trace, type Context, type Span, type SpanOptions, type Tracer } from '@opentelemetry/api';

/**
 * The tracer of the provider registered now: the API's no-op one unless `startTracing` registered
 * one. Asked for each span, not kept: a tracer kept would stay bound to a provider shut down since.
 */
export function tracer(): Tracer {
  return trace.getTracer('shopverse');
}

/** Names of ShopVerse's own span attributes (OpenTelemetry's semantic conventions name the rest). */
export const SpanAttributes = {
  commandType: 'shopverse.command.type',
  commandOutcome: 'shopverse.command.outcome',
  streamId: 'shopverse.stream.id',
  correlationId: 'shopverse.correlation_id',
  orderId: 'shopverse.order.id',
  sagaJob: 'shopverse.saga.job',
  sagaEvent: 'shopverse.saga.event',
  sagaAttempt: 'shopverse.saga.attempt',
  sagaOutcome: 'shopverse.saga.outcome',
} as const;

/** Runs `work` in a new span, active meanwhile (a child of the active span, or of `parent`), and ends it however `work` ends. */
export function inSpan<T>(name: string, options: SpanOptions, work: (span: Span) => Promise<T>, parent: Context = context.active()): Promise<T> {
  return tracer().startActiveSpan(name, options, parent, async (span) => {
    try {
      return await work(span);
    } finally {
      span.end();
    }
  });
}

/** Marks the span failed by `error` (an answer that refuses, such as a rejected command, is no failure). */
export function recordFailure(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR });
}
