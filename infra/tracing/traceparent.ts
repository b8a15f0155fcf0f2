import { context, defaultTextMapGetter, defaultTextMapSetter, ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import { TRACE_PARENT_HEADER, W3CTraceContextPropagator } from '@opentelemetry/core';
import { z } from 'zod';

// The events' metadata carries W3C trace context whatever the process propagates over HTTP.
const w3c = new W3CTraceContextPropagator();

/** A W3C `traceparent`: version, trace id, parent span id, flags. */
const TraceparentSchema = z.string().regex(/^[\da-f]{2}-[\da-f]{32}-[\da-f]{16}-[\da-f]{2}$/);

/** The `traceparent` of the active span; none when tracing is off (no span is active then). */
export function currentTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  w3c.inject(context.active(), carrier, defaultTextMapSetter);
  return carrier[TRACE_PARENT_HEADER];
}

/** The context whose remote parent is `traceparent`: the root context when there is none or it is malformed. */
export function contextOf(traceparent: string | undefined): Context {
  if (traceparent === undefined) return ROOT_CONTEXT;
  return w3c.extract(ROOT_CONTEXT, { [TRACE_PARENT_HEADER]: traceparent }, defaultTextMapGetter);
}

/** The `traceparent` in a stored event's metadata, when it has a well-formed one. */
export function traceparentIn(metadata: Readonly<Record<string, unknown>>): string | undefined {
  const parsed = TraceparentSchema.safeParse(metadata.traceparent);
  return parsed.success ? parsed.data : undefined;
}
