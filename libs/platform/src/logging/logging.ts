import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { PlatformConfig } from '../config/platform-config';

export const CORRELATION_HEADER = 'x-correlation-id';

/** Structured JSON logs (pino); each request carries a correlation id, from the caller or new. */
export function loggingModule(config: PlatformConfig) {
  return LoggerModule.forRoot({
    pinoHttp: {
      level: config.LOG_LEVEL,
      genReqId: (req: IncomingMessage) => {
        const header = req.headers[CORRELATION_HEADER];
        return typeof header === 'string' && /^[\w.:-]{1,100}$/.test(header) ? header : randomUUID();
      },
      customProps: () => ({ mode: config.RUN_MODE }),
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["stripe-signature"]'],
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' || req.url === '/metrics' },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
      },
    },
  });
}
