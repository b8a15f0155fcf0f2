import { SpanKind, type Span } from '@opentelemetry/api';
import { contextOf } from '../../infra/tracing/traceparent.js';
import { inSpan, SpanAttributes } from '../../infra/tracing/tracer.js';
import type { SagaJob } from './saga-jobs.js';

/**
 * Runs an attempt at a job in its span, a child of the span that caused the job (the command whose
 * event the saga reacts to, or the step that scheduled it): the order's trace runs on through the
 * saga, and the commands the step sends are children of this span.
 */
export function inSagaStepSpan<T>(job: SagaJob, work: (span: Span) => Promise<T>): Promise<T> {
  const event = job.kind === 'react' && typeof job.payload.type === 'string' ? job.payload.type : undefined;
  const attributes = {
    [SpanAttributes.sagaJob]: job.kind,
    [SpanAttributes.orderId]: job.orderId,
    [SpanAttributes.correlationId]: job.correlationId,
    [SpanAttributes.sagaAttempt]: job.attempts + 1,
    ...(event === undefined ? {} : { [SpanAttributes.sagaEvent]: event }),
  };
  return inSpan(event === undefined ? `saga ${job.kind}` : `saga ${job.kind} ${event}`, { kind: SpanKind.CONSUMER, attributes }, work, contextOf(job.traceparent));
}
