import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function urlWithScheme(schemes: readonly string[]) {
  return z
    .string()
    .refine((value) => URL.canParse(value), { error: 'must be a URL', abort: true })
    .refine((value) => schemes.includes(new URL(value).protocol), `must start with ${schemes.map((scheme) => `${scheme}//`).join(' or ')}`);
}

/** What a process does: serve the API, run the read-model projections, the order saga, notification delivery, the Kafka bridge (health and metrics always). */
export const ROLES = ['api', 'projections', 'sagas', 'notifications', 'bridge'] as const;
export type Role = (typeof ROLES)[number];

/** Where finished spans go: nowhere (tracing off), a Zipkin server, or an OpenTelemetry collector (OTLP over HTTP). */
export const TRACE_EXPORTERS = ['none', 'zipkin', 'otlp'] as const;

const hostPort = z.string().regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'must be host:port');

/** The environment we read. Empty strings count as unset, as shells and .env files produce them. */
/** HTTP requests a process works on at once by default (`MAX_REQUESTS_IN_FLIGHT`). */
export const DEFAULT_MAX_REQUESTS_IN_FLIGHT = 128;

const EnvSchema = z.object({
  PORT: z.coerce.number('must be a port number').int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  SHOPVERSE_DATA_DIR: z.string().min(1).default('./.shopverse'),
  EVENTSTORE_URL: urlWithScheme(['esdb:', 'esdb+discover:', 'postgres:', 'postgresql:']).optional(),
  DATABASE_URL: urlWithScheme(['postgres:', 'postgresql:']).optional(),
  REDIS_URL: urlWithScheme(['redis:', 'rediss:']).optional(),
  RECOMMENDATIONS_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9:._{}-]{1,100}$/, 'must be up to 100 letters, digits and : . _ { } -').default('shopverse:recs:'),
  KAFKA_BROKERS: z
    .string()
    .transform((value) => value.split(',').map((broker) => broker.trim()))
    .pipe(z.array(hostPort).min(1))
    .optional(),
  KAFKA_TOPIC_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'must be a topic name prefix: letters, digits, _ and -, dot-separated').default('shopverse'),
  KAFKA_TOPIC_PARTITIONS: z.coerce.number('must be a whole number').int().min(1).max(1000).default(6),
  CLICKHOUSE_URL: urlWithScheme(['http:', 'https:']).optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ADMIN_EMAIL: z.email('must be an email address').optional(),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  RATE_LIMIT_PER_MINUTE: z.coerce.number('must be a whole number').int().positive().default(1200),
  MAX_REQUESTS_IN_FLIGHT: z.coerce.number('must be a whole number').int().positive().default(DEFAULT_MAX_REQUESTS_IN_FLIGHT),
  PAYMENT_TIMEOUT_MS: z.coerce.number('must be a whole number of milliseconds').int().positive().default(30_000),
  PAYMENT_PROVIDER_LATENCY_MS: z.coerce.number('must be a whole number of milliseconds').int().nonnegative().default(0),
  SMTP_URL: urlWithScheme(['smtp:', 'smtps:']).optional(),
  SMTP_FROM: z.string().min(3).default('ShopVerse <no-reply@shopverse.local>'),
  NOTIFICATION_WEBHOOK_URL: urlWithScheme(['http:', 'https:']).optional(),
  // Standard OpenTelemetry names, so a collector's usual setup applies (defaults from the specification, but off unless chosen).
  OTEL_TRACES_EXPORTER: z.enum(TRACE_EXPORTERS, `must be one of ${TRACE_EXPORTERS.join(', ')}`).default('none'),
  OTEL_EXPORTER_ZIPKIN_ENDPOINT: urlWithScheme(['http:', 'https:']).default('http://localhost:9411/api/v2/spans'),
  OTEL_EXPORTER_OTLP_ENDPOINT: urlWithScheme(['http:', 'https:']).default('http://localhost:4318'),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: urlWithScheme(['http:', 'https:']).optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default('shopverse'),
  ROLES: z
    .string()
    .transform((value) => value.split(',').map((role) => role.trim()).filter((role) => role !== ''))
    .pipe(z.array(z.enum(ROLES, `each role must be one of ${ROLES.join(', ')}`)).min(1, `name at least one of ${ROLES.join(', ')}`))
    .optional(),
});

export type LogLevel = (typeof LOG_LEVELS)[number];

/** Tracing: off, or where spans are exported (the full URL spans are posted to) and the service they are recorded under. */
export type TracingConfig = { readonly exporter: 'none' } | { readonly exporter: 'zipkin' | 'otlp'; readonly url: string; readonly serviceName: string };

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Embedded data (PGlite, the generated development JWT secret) lives here. */
  readonly dataDir: string;
  /** `esdb://…` (EventStoreDB) or `postgres://…`; unset: the embedded PGlite. */
  readonly eventStoreUrl: string | undefined;
  /** Unset: the embedded PGlite (shared with the event store when that is embedded too). */
  readonly databaseUrl: string | undefined;
  readonly redisUrl: string | undefined;
  /** Every recommendation key in Redis starts with it (several deployments may share one Redis). */
  readonly recommendationsKeyPrefix: string;
  /** Unset: the Kafka bridge is off. */
  readonly kafkaBrokers: readonly string[] | undefined;
  /** Topics are `<prefix>.<context>.v1` and `<prefix>.dead-letter.v1`. */
  readonly kafkaTopicPrefix: string;
  /** Partitions of the topics the bridge creates (existing topics are left as they are). */
  readonly kafkaTopicPartitions: number;
  readonly clickhouseUrl: string | undefined;
  /** Unset: a development secret is generated once under `dataDir`. */
  readonly jwtSecret: string | undefined;
  readonly initialAdmin: { readonly email: string; readonly password: string } | undefined;
  readonly logLevel: LogLevel;
  /** Requests a client address may make per minute (shared across processes through Redis). */
  readonly rateLimitPerMinute: number;
  /** HTTP requests a process works on at once; more are answered 503 with Retry-After at once. */
  readonly maxRequestsInFlight: number;
  /** How long the order saga waits for the payment provider before treating the payment as declined. */
  readonly paymentTimeoutMs: number;
  /** The built-in simulated payment provider's answer time. */
  readonly paymentProviderLatencyMs: number;
  /** Unset: emails are not sent (they stay pending). */
  readonly smtpUrl: string | undefined;
  readonly smtpFrom: string;
  /** The SMS and push provider's webhook; unset: SMS and push stay pending. */
  readonly notificationWebhookUrl: string | undefined;
  /** What this process does (ROLES, comma-separated; default all): the command and query API, read-model projections, the order saga, notification delivery, the Kafka bridge. */
  readonly roles: ReadonlySet<Role>;
  readonly tracing: TracingConfig;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  }
}

const SECRET_VARIABLES = new Set(['JWT_SECRET', 'ADMIN_PASSWORD']);

/** Reads and checks the environment; a bad value is a `ConfigError` naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.keys(EnvSchema.shape).flatMap((key) => (env[key] ? [[key, env[key]]] : [])));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0]);
        const value = SECRET_VARIABLES.has(variable) ? '(hidden)' : JSON.stringify(present[variable]);
        return `${variable}=${value}: ${issue.message}`;
      }),
    );
  }
  const vars = parsed.data;
  if ((vars.ADMIN_EMAIL === undefined) !== (vars.ADMIN_PASSWORD === undefined)) {
    throw new ConfigError([`${vars.ADMIN_EMAIL === undefined ? 'ADMIN_EMAIL' : 'ADMIN_PASSWORD'}: must be set together with the other of ADMIN_EMAIL and ADMIN_PASSWORD`]);
  }
  return {
    port: vars.PORT,
    host: vars.HOST,
    dataDir: vars.SHOPVERSE_DATA_DIR,
    eventStoreUrl: vars.EVENTSTORE_URL,
    databaseUrl: vars.DATABASE_URL,
    redisUrl: vars.REDIS_URL,
    recommendationsKeyPrefix: vars.RECOMMENDATIONS_KEY_PREFIX,
    kafkaBrokers: vars.KAFKA_BROKERS,
    kafkaTopicPrefix: vars.KAFKA_TOPIC_PREFIX,
    kafkaTopicPartitions: vars.KAFKA_TOPIC_PARTITIONS,
    clickhouseUrl: vars.CLICKHOUSE_URL,
    jwtSecret: vars.JWT_SECRET,
    initialAdmin: vars.ADMIN_EMAIL !== undefined && vars.ADMIN_PASSWORD !== undefined ? { email: vars.ADMIN_EMAIL, password: vars.ADMIN_PASSWORD } : undefined,
    logLevel: vars.LOG_LEVEL,
    rateLimitPerMinute: vars.RATE_LIMIT_PER_MINUTE,
    maxRequestsInFlight: vars.MAX_REQUESTS_IN_FLIGHT,
    paymentTimeoutMs: vars.PAYMENT_TIMEOUT_MS,
    paymentProviderLatencyMs: vars.PAYMENT_PROVIDER_LATENCY_MS,
    smtpUrl: vars.SMTP_URL,
    smtpFrom: vars.SMTP_FROM,
    notificationWebhookUrl: vars.NOTIFICATION_WEBHOOK_URL,
    roles: new Set(vars.ROLES ?? ROLES),
    tracing: tracingConfig(vars),
  };
}

// As the OpenTelemetry specification has it: the signal's own endpoint is used as it is, the general one gets `v1/traces` appended.
function tracingConfig(vars: z.infer<typeof EnvSchema>): TracingConfig {
  switch (vars.OTEL_TRACES_EXPORTER) {
    case 'none':
      return { exporter: 'none' };
    case 'zipkin':
      return { exporter: 'zipkin', url: vars.OTEL_EXPORTER_ZIPKIN_ENDPOINT, serviceName: vars.OTEL_SERVICE_NAME };
    case 'otlp':
      return {
        exporter: 'otlp',
        url: vars.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? `${vars.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/$/, '')}/v1/traces`,
        serviceName: vars.OTEL_SERVICE_NAME,
      };
  }
}
