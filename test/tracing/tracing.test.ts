import { trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger } from '../../infra/logging/logger.js';
import { contextOf, currentTraceparent } from '../../infra/tracing/traceparent.js';
import { inSpan } from '../../infra/tracing/tracer.js';
import { startTracing, type Tracing } from '../../infra/tracing/tracing.js';
import { freePort } from '../support/free-port.js';
import { HttpSink } from '../support/http-sink.js';

// The part of an OTLP/HTTP JSON export these tests read.
const OtlpExportSchema = z.object({
  resourceSpans: z.array(
    z.object({
      resource: z.object({ attributes: z.array(z.object({ key: z.string(), value: z.object({ stringValue: z.string().optional() }) })) }),
      scopeSpans: z.array(z.object({ spans: z.array(z.object({ traceId: z.string(), spanId: z.string(), parentSpanId: z.string().optional(), name: z.string() })) })),
    }),
  ),
});

describe('tracing primitives', () => {
  let tracing: Tracing | undefined;
  afterEach(async () => {
    await tracing?.shutdown();
  });

  it("posts the spans as OTLP JSON on shutdown; a traceparent carries a span's context to its children elsewhere", async () => {
    const collector = await HttpSink.start();
    try {
      tracing = startTracing({ exporter: 'otlp', url: collector.url, serviceName: 'otlp-probe' }, createLogger('silent'));
      const sent = await inSpan('appending', {}, () => Promise.resolve(currentTraceparent()));
      expect(sent).toMatch(/^00-[\da-f]{32}-[\da-f]{16}-01$/);
      // What the saga does with a stored traceparent: a span elsewhere, child of the one that wrote it.
      await inSpan('reacting', {}, () => Promise.resolve(), contextOf(sent));
      await tracing.shutdown();
      tracing = undefined;

      const exported = collector.requests.map((request) => OtlpExportSchema.parse(request.body)).flatMap((body) => body.resourceSpans);
      expect(exported.flatMap((resource) => resource.resource.attributes).find((attribute) => attribute.key === 'service.name')?.value.stringValue).toBe('otlp-probe');
      const spans = exported.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans));
      const appending = spans.find((span) => span.name === 'appending');
      expect(sent).toBe(`00-${appending?.traceId ?? ''}-${appending?.spanId ?? ''}-01`);
      expect(spans.find((span) => span.name === 'reacting')).toMatchObject({ traceId: appending?.traceId, parentSpanId: appending?.spanId });
    } finally {
      await collector.close();
    }
  });

  it('stops even when the collector cannot be reached, saying the last spans were lost', async () => {
    const lines: string[] = [];
    tracing = startTracing({ exporter: 'zipkin', url: `http://127.0.0.1:${String(await freePort())}/api/v2/spans`, serviceName: 'lost' }, createLogger('warn', { write: (line: string) => lines.push(line) }));
    await inSpan('lost', {}, () => Promise.resolve());
    await expect(tracing.shutdown()).resolves.toBeUndefined();
    tracing = undefined;
    expect(lines.map((line) => z.object({ msg: z.string() }).parse(JSON.parse(line)).msg)).toContain('tracing: the last spans could not be exported');
  });

  it('starts nothing when off: no active span, no traceparent, and the root context for none stored', async () => {
    tracing = startTracing({ exporter: 'none' }, createLogger('silent'));
    await inSpan('unseen', {}, async (span) => {
      expect(span.isRecording()).toBe(false);
      expect(currentTraceparent()).toBeUndefined();
      return Promise.resolve();
    });
    expect(trace.getSpan(contextOf(undefined))).toBeUndefined();
    expect(trace.getSpan(contextOf('not-a-traceparent'))).toBeUndefined();
  });
});
