import { context, diag, propagation, trace, type DiagLogger } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ZipkinExporter } from '@opentelemetry/exporter-zipkin';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { Logger } from 'pino';
import type { TracingConfig } from '../config/config.js';
import { redactUrl } from '../logging/redact-url.js';

export interface Tracing {
  /** Exports the spans still buffered, then unregisters the tracer provider. */
  shutdown(): Promise<void>;
}

const OFF: Tracing = { shutdown: () => Promise.resolve() };

function exporterFor(config: Exclude<TracingConfig, { exporter: 'none' }>): SpanExporter {
  return config.exporter === 'zipkin' ? new ZipkinExporter({ url: config.url }) : new OTLPTraceExporter({ url: config.url });
}

// The SDK reports its own trouble (a collector that cannot be reached) through `diag`: to our log, warnings and worse.
function diagLogger(logger: Logger): DiagLogger {
  const log = logger.child({ component: 'tracing' });
  const ignore = () => undefined;
  return { error: (message) => log.error(message), warn: (message) => log.warn(message), info: ignore, debug: ignore, verbose: ignore };
}

/**
 * Registers the process's tracer provider as configured; with tracing off it registers nothing, so
 * every span started is the OpenTelemetry API's no-op one. One per process: the API's globals hold it.
 */
export function startTracing(config: TracingConfig, logger: Logger): Tracing {
  if (config.exporter === 'none') return OFF;
  diag.setLogger(diagLogger(logger));
  const provider = new NodeTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.serviceName })),
    // Batched: a request never waits for the collector.
    spanProcessors: [new BatchSpanProcessor(exporterFor(config))],
  });
  // W3C trace context only: `traceparent` is also the format the events' metadata carries.
  provider.register({ propagator: new W3CTraceContextPropagator() });
  logger.info({ exporter: config.exporter, url: redactUrl(config.url), serviceName: config.serviceName }, 'tracing');
  return {
    async shutdown() {
      // Spans that cannot be delivered now are lost, but never stop the process from stopping.
      await provider.shutdown().catch((error: unknown) => logger.warn({ err: error, exporter: config.exporter, url: redactUrl(config.url) }, 'tracing: the last spans could not be exported'));
      trace.disable();
      context.disable();
      propagation.disable();
      diag.disable();
    },
  };
}
