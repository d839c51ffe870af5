import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Keys whose values never reach the log, at the top level and one level down (pino's `*`
 * matches one key). Secrets (passwords, tokens, keys, Authorization and cookie headers) and
 * message bodies, which are personal data: log ids, never content.
 */
const SENSITIVE_KEYS = [
  'password',
  'passwordHash',
  'token',
  'authToken',
  'accessToken',
  'refreshToken',
  'secret',
  'apiKey',
  'authorization',
  'cookie',
  'body',
  'Body',
  // Config keys, should a config object ever be logged.
  'JWT_SECRET',
  'TWILIO_AUTH_TOKEN',
  'METRICS_TOKEN',
  'OPENAI_API_KEY',
] as const;

/** Header containers we know of; their sensitive headers are redacted wherever they sit. */
const HEADER_PATHS = ['headers', 'req.headers', 'request.headers', '*.headers', 'res.headers'].flatMap((base) => [
  `${base}.authorization`,
  `${base}.cookie`,
  `${base}["set-cookie"]`,
  `${base}["x-twilio-signature"]`,
]);

export const REDACT_PATHS: readonly string[] = [...SENSITIVE_KEYS.flatMap((key) => [key, `*.${key}`]), ...HEADER_PATHS];

/**
 * One JSON logger per process. Secrets and message bodies never reach the log: known
 * sensitive keys are redacted wherever they appear in a logged object. `destination` is
 * for tests that read what was logged; processes log to stdout.
 */
export function createLogger(service: string, level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
