import kafkajs from 'kafkajs';
import type { LogEntry } from 'kafkajs';
import type { Logger } from 'pino';
import { z } from 'zod';

const { logLevel } = kafkajs;

/** One kafkajs log line as it crosses from the producer thread, ready for pino. */
export const KafkaLogLineSchema = z.object({
  level: z.enum(['error', 'warn', 'debug']),
  fields: z.object({ kafkajs: z.record(z.string(), z.unknown()) }),
  message: z.string(),
});

export type KafkaLogLine = z.infer<typeof KafkaLogLineSchema>;

/** kafkajs's info chatter (connects, joins) becomes debug; its fields are made plain data, so they can be posted. */
export function kafkaLogLine({ level, log }: LogEntry): KafkaLogLine {
  const { message, ...rest } = log;
  const fields = { kafkajs: JSON.parse(JSON.stringify(rest)) as Record<string, unknown> };
  if (level === logLevel.ERROR) return { level: 'error', fields, message };
  if (level === logLevel.WARN) return { level: 'warn', fields, message };
  return { level: 'debug', fields, message };
}

export function writeKafkaLog(logger: Logger, { level, fields, message }: KafkaLogLine): void {
  logger[level](fields, message);
}
