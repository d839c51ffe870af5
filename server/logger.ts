import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * One JSON logger per process. Secrets never reach the log: known sensitive keys are
 * redacted wherever they appear in a logged object.
 */
export function createLogger(service: string, level: string): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['password', '*.password', 'token', '*.token', 'authorization', '*.authorization', 'req.headers.authorization', '*.authToken'],
      censor: '[redacted]',
    },
  });
}
