import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../infra/config/config.js';

describe('tracing configuration', () => {
  it('is off unless an exporter is chosen, an endpoint alone included', () => {
    expect(loadConfig({}).tracing).toEqual({ exporter: 'none' });
    expect(loadConfig({ OTEL_EXPORTER_ZIPKIN_ENDPOINT: 'http://zipkin:9411/api/v2/spans' }).tracing).toEqual({ exporter: 'none' });
  });

  it('exports to Zipkin at the endpoint given, or the specification default, as the service named', () => {
    expect(loadConfig({ OTEL_TRACES_EXPORTER: 'zipkin' }).tracing).toEqual({ exporter: 'zipkin', url: 'http://localhost:9411/api/v2/spans', serviceName: 'shopverse' });
    expect(loadConfig({ OTEL_TRACES_EXPORTER: 'zipkin', OTEL_EXPORTER_ZIPKIN_ENDPOINT: 'https://zipkin.example/api/v2/spans', OTEL_SERVICE_NAME: 'shopverse-eu' }).tracing).toEqual({
      exporter: 'zipkin',
      url: 'https://zipkin.example/api/v2/spans',
      serviceName: 'shopverse-eu',
    });
  });

  it("exports OTLP to the general endpoint's v1/traces, or to the traces endpoint as it is", () => {
    expect(loadConfig({ OTEL_TRACES_EXPORTER: 'otlp' }).tracing).toMatchObject({ exporter: 'otlp', url: 'http://localhost:4318/v1/traces' });
    expect(loadConfig({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing).toMatchObject({ url: 'http://collector:4318/v1/traces' });
    expect(loadConfig({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/base' }).tracing).toMatchObject({ url: 'http://collector:4318/base/v1/traces' });
    expect(loadConfig({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:4318/custom' }).tracing).toMatchObject({
      url: 'http://traces:4318/custom',
    });
  });

  it('refuses an unknown exporter and an endpoint that is not an http(s) URL, naming the variable', () => {
    expect(() => loadConfig({ OTEL_TRACES_EXPORTER: 'jaeger' })).toThrow(/OTEL_TRACES_EXPORTER="jaeger": must be one of none, zipkin, otlp/);
    expect(() => loadConfig({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
    expect(() => loadConfig({ OTEL_EXPORTER_ZIPKIN_ENDPOINT: 'ftp://zipkin' })).toThrow(/OTEL_EXPORTER_ZIPKIN_ENDPOINT/);
  });
});
