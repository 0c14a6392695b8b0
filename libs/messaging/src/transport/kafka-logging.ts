import type { Logger } from '@nestjs/common';
import { logLevel, type logCreator } from 'kafkajs';

const LEVELS: Record<number, 'error' | 'warn' | 'log' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'log',
  [logLevel.DEBUG]: 'debug',
};

/** kafkajs's log lines through Nest's (pino) logger, at the matching level, with kafkajs's fields kept structured. */
export function nestLogCreator(logger: Logger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const { message, ...extra } = log;
      logger[LEVELS[level] ?? 'log']({ namespace, ...extra }, message);
    };
}
