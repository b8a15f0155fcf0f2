import kafkajs from 'kafkajs';
import type { logCreator } from 'kafkajs';
import type { Logger } from 'pino';

const { logLevel } = kafkajs;

/** Routes kafkajs' own logs into pino; its info chatter (connects, joins) goes to debug. */
export function pinoLogCreator(logger: Logger): logCreator {
  return () =>
    ({ level, log }) => {
      const { message, ...rest } = log;
      const fields = { kafkajs: rest };
      if (level === logLevel.ERROR) logger.error(fields, message);
      else if (level === logLevel.WARN) logger.warn(fields, message);
      else logger.debug(fields, message);
    };
}
