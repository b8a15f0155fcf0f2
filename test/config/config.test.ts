import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../infra/config/config.js';

function problemsOf(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration from the environment', () => {
  it('takes the embedded defaults when nothing is set', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      dataDir: './.shopverse',
      eventStoreUrl: undefined,
      databaseUrl: undefined,
      redisUrl: undefined,
      recommendationsKeyPrefix: 'shopverse:recs:',
      kafkaBrokers: undefined,
      kafkaTopicPrefix: 'shopverse',
      kafkaTopicPartitions: 6,
      clickhouseUrl: undefined,
      jwtSecret: undefined,
      initialAdmin: undefined,
      logLevel: 'info',
      rateLimitPerMinute: 1200,
      maxRequestsInFlight: 128,
      paymentTimeoutMs: 30_000,
      paymentProviderLatencyMs: 0,
      smtpUrl: undefined,
      smtpFrom: 'ShopVerse <no-reply@shopverse.local>',
      notificationWebhookUrl: undefined,
      roles: new Set(['api', 'projections', 'sagas', 'notifications', 'bridge']),
      tracing: { exporter: 'none' },
    });
  });

  it('reads the roles a process runs, refusing unknown ones', () => {
    expect(loadConfig({ ROLES: 'projections, sagas' }).roles).toEqual(new Set(['projections', 'sagas']));
    expect(() => loadConfig({ ROLES: ' , ' })).toThrow(/ROLES/);
    expect(() => loadConfig({ ROLES: 'projections,mailroom' })).toThrow(/ROLES/);
  });

  it('reads the saga and notification settings, refusing bad ones', () => {
    expect(loadConfig({ PAYMENT_TIMEOUT_MS: '1500', SMTP_URL: 'smtp://127.0.0.1:2525', NOTIFICATION_WEBHOOK_URL: 'http://127.0.0.1:9999/send' })).toMatchObject({
      paymentTimeoutMs: 1500,
      smtpUrl: 'smtp://127.0.0.1:2525',
      notificationWebhookUrl: 'http://127.0.0.1:9999/send',
    });
    expect(() => loadConfig({ PAYMENT_TIMEOUT_MS: '0' })).toThrow(/PAYMENT_TIMEOUT_MS/);
    expect(() => loadConfig({ SMTP_URL: 'http://mail' })).toThrow(/SMTP_URL/);
  });

  it('reads the Kafka topic prefix and partitions, refusing names Kafka would not take', () => {
    expect(loadConfig({ KAFKA_TOPIC_PREFIX: 'acme.shop', KAFKA_TOPIC_PARTITIONS: '12' })).toMatchObject({ kafkaTopicPrefix: 'acme.shop', kafkaTopicPartitions: 12 });
    expect(problemsOf({ KAFKA_TOPIC_PREFIX: 'shop verse' })[0]).toMatch(/^KAFKA_TOPIC_PREFIX="shop verse": must be a topic name prefix/);
    expect(problemsOf({ KAFKA_TOPIC_PARTITIONS: '0' })[0]).toMatch(/^KAFKA_TOPIC_PARTITIONS="0"/);
  });

  it('reads the recommendations key prefix, refusing one that is not a plain key prefix', () => {
    expect(loadConfig({ RECOMMENDATIONS_KEY_PREFIX: 'eu:{recs}:' }).recommendationsKeyPrefix).toBe('eu:{recs}:');
    expect(problemsOf({ RECOMMENDATIONS_KEY_PREFIX: 'recs *' })[0]).toMatch(/^RECOMMENDATIONS_KEY_PREFIX="recs \*": must be up to 100 letters/);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      EVENTSTORE_URL: 'esdb://es.example:2113?tls=false',
      DATABASE_URL: 'postgresql://rm@db:5432/reads',
      REDIS_URL: 'redis://cache:6379',
      KAFKA_BROKERS: 'k1:9092, k2:9092',
      CLICKHOUSE_URL: 'http://ch:8123',
      JWT_SECRET: 'x'.repeat(32),
      ADMIN_EMAIL: 'admin@example.com',
      ADMIN_PASSWORD: 'correct horse battery',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      port: 8080,
      eventStoreUrl: 'esdb://es.example:2113?tls=false',
      databaseUrl: 'postgresql://rm@db:5432/reads',
      redisUrl: 'redis://cache:6379',
      kafkaBrokers: ['k1:9092', 'k2:9092'],
      clickhouseUrl: 'http://ch:8123',
      initialAdmin: { email: 'admin@example.com', password: 'correct horse battery' },
      logLevel: 'debug',
    });
  });

  it('reads how many requests a process works on at once, refusing anything but a positive whole number', () => {
    expect(loadConfig({ MAX_REQUESTS_IN_FLIGHT: '32' }).maxRequestsInFlight).toBe(32);
    for (const bad of ['0', '-1', 'many', '1.5']) expect(problemsOf({ MAX_REQUESTS_IN_FLIGHT: bad })[0]).toMatch(/^MAX_REQUESTS_IN_FLIGHT=/);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' })).toMatchObject({ port: 3000, databaseUrl: undefined });
  });

  it('names each bad variable with its value and what is wrong', () => {
    const problems = problemsOf({ PORT: 'eighty', EVENTSTORE_URL: 'mysql://db/events', KAFKA_BROKERS: 'k1', LOG_LEVEL: 'loud', CLICKHOUSE_URL: 'not a url' });
    expect(problems).toHaveLength(5);
    expect(problems).toContain('PORT="eighty": must be a port number');
    expect(problems).toContain('EVENTSTORE_URL="mysql://db/events": must start with esdb:// or esdb+discover:// or postgres:// or postgresql://');
    expect(problems.find((problem) => problem.startsWith('KAFKA_BROKERS='))).toMatch(/host:port/);
    expect(problems.find((problem) => problem.startsWith('LOG_LEVEL='))).toMatch(/loud/);
    expect(problems.find((problem) => problem.startsWith('CLICKHOUSE_URL='))).toMatch(/must be a URL/);
  });

  it('rejects out-of-range ports', () => {
    expect(problemsOf({ PORT: '70000' })[0]).toMatch(/^PORT="70000"/);
  });

  it('never echoes a secret it rejects', () => {
    const [problem] = problemsOf({ JWT_SECRET: 'hunter2' });
    expect(problem).toBe('JWT_SECRET=(hidden): must be at least 32 characters');
  });

  it('wants ADMIN_EMAIL and ADMIN_PASSWORD together', () => {
    expect(problemsOf({ ADMIN_EMAIL: 'admin@example.com' })[0]).toMatch(/^ADMIN_PASSWORD: must be set together/);
  });
});
