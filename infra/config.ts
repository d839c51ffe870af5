import { z } from 'zod';

/** Sandbox credentials: used whenever no real Twilio account is configured. */
export const SANDBOX_ACCOUNT_SID = 'AC00000000000000000000000000000000';
export const SANDBOX_AUTH_TOKEN = 'sandbox-auth-token';

const port = z.coerce.number().int().min(1).max(65_535);
const positiveInt = z.coerce.number().int().positive();
const url = z.url();
/** A workspace's share weight: from a hundredth of the default (1) to a hundred times it. */
const MIN_WEIGHT = 0.01;
const MAX_WEIGHT = 100;

/**
 * Every environment variable the processes read, with its default. This is the only
 * place that reads `process.env`; the README's table mirrors it.
 */
export const ZConfig = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(3000),
  /** Where Twilio and browsers reach the API; unset, this machine's PORT (see loadConfig). */
  PUBLIC_URL: url.optional(),
  DATABASE_URL: url.default('postgresql://postgres@127.0.0.1:5432/initucastt'),
  REDIS_URL: url.default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]+$/)
    .default('initucastt'),
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('journeys'),
  TEMPORAL_UI_URL: url.default('http://localhost:8233'),
  /**
   * Contact workflows the Temporal worker keeps in memory between their tasks. A workflow not
   * kept is replayed from its history at its next task: less memory, more CPU. 0 keeps none.
   * 1000 by default, not the SDK's default sized from the heap (2310 with Node's 4 GB heap):
   * with the worker's 512 MB heap (TEMPORAL_WORKER_NODE_OPTIONS) the SDK would keep 182, and
   * with 4 GB the worker peaked at 1.4-1.5 GB holding 10,000 waiting contacts (bench:launch).
   */
  TEMPORAL_MAX_CACHED_WORKFLOWS: z.coerce
    .number()
    .int()
    .refine((n) => n === 0 || n >= 2, 'expected 0 (no cache) or at least 2')
    .default(1000),
  MESSAGE_QUEUE: z.string().min(1).default('messages'),
  /** Sends per second across all message workers; 0 lifts the limit. */
  MESSAGE_RATE_PER_SEC: z.coerce.number().int().min(0).default(50),
  MESSAGE_WORKER_CONCURRENCY: positiveInt.default(20),
  /**
   * Operator-set shares of the send rate, `workspaceId=weight` comma-separated; a workspace
   * not named has weight 1. Two workspaces with work waiting send in proportion to their
   * weights, and the same weight is their fairness weight on Temporal's task queue.
   */
  FAIR_SHARE_WEIGHTS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '')
        .map((entry) => {
          const at = entry.lastIndexOf('=');
          return (at < 0 ? [entry, ''] : [entry.slice(0, at).trim(), entry.slice(at + 1).trim()]) as [string, unknown];
        }),
    )
    .pipe(
      z.array(
        z.tuple([
          z.uuid('each entry is workspaceId=weight, the workspace id a UUID'),
          z.coerce
            .number('each weight is a number')
            .min(MIN_WEIGHT, `each weight is at least ${MIN_WEIGHT}`)
            .max(MAX_WEIGHT, `each weight is at most ${MAX_WEIGHT}`),
        ]),
      ),
    )
    .transform((entries) => Object.freeze(Object.fromEntries(entries)) as Readonly<Record<string, number>>),
  /** How often each message worker checks for sends whose queued job was lost. */
  MESSAGE_REQUEUE_INTERVAL_MS: positiveInt.default(10_000),
  /** How long the twilio client waits for Twilio's answer before treating the send as ambiguous. */
  TWILIO_TIMEOUT_MS: positiveInt.default(15_000),
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/)
    .default(SANDBOX_ACCOUNT_SID),
  TWILIO_AUTH_TOKEN: z.string().min(1).default(SANDBOX_AUTH_TOKEN),
  /**
   * Without Twilio credentials the built-in sandbox stands in for Twilio. In production it
   * runs only when asked for by name (messages then reach no phone), and with a secret
   * TWILIO_AUTH_TOKEN: the sandbox's operator routes take the account's credentials.
   */
  SANDBOX: z.enum(['true', 'false', '1', '0']).optional(),
  /** Where the twilio client sends API calls; unset with real credentials means api.twilio.com. */
  TWILIO_API_URL: url.optional(),
  TWILIO_SMS_FROM: z.string().min(1).default('+15005550006'),
  TWILIO_WHATSAPP_FROM: z.string().min(1).default('whatsapp:+14155238886'),
  READINESS_TIMEOUT_MS: positiveInt.default(2000),
  /** HS256 key for session tokens; required (32+ characters) when NODE_ENV=production. */
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_ISSUER: z.string().min(1).default('initucastt'),
  JWT_AUDIENCE: z.string().min(1).default('initucastt-api'),
  /** Largest JSON or CSV request body accepted, in bytes. */
  MAX_BODY_BYTES: positiveInt.default(10 * 1024 * 1024),
  /** Most contacts one launch (JSON or CSV) may carry. */
  MAX_AUDIENCE_ROWS: positiveInt.default(100_000),
  /** Contact workflows the launcher starts per batch activity. */
  LAUNCH_BATCH_SIZE: positiveInt.default(500),
  /** A test send (POST /api/journeys/:id/test): each wait of the journey lasts at most this many seconds. */
  TEST_SEND_WAIT_SECONDS: positiveInt.max(3_600).default(5),
  /**
   * A test send: each wait for a reply times out after at most this many seconds. Two
   * minutes: time to read the message in the phone simulator (or on the phone) and answer
   * it, while a tester who does not answer still sees the timeout branch run soon after.
   */
  TEST_SEND_REPLY_TIMEOUT_SECONDS: positiveInt.max(86_400).default(120),
  /**
   * Requests per minute per credential on /api/*: an API key, or a user's session (bearer
   * token or the web app's cookie). 1,200 leaves an integration polling once a second, or
   * a dashboard polling a few endpoints, far below it.
   */
  RATE_LIMIT_CREDENTIAL_PER_MIN: positiveInt.default(1200),
  /** Requests per minute per client address on /api/* without a valid credential. */
  RATE_LIMIT_ADDRESS_PER_MIN: positiveInt.default(60),
  /**
   * Test sends (POST /api/journeys/:id/test) per workspace in any hour. Each is a real
   * message, and more after a reply: enough to try a journey again after every edit, not
   * enough to use the endpoint as a way around launches and their analytics.
   */
  RATE_LIMIT_TEST_SENDS_PER_HOUR: positiveInt.default(30),
  /** Sign-ups (POST /api/auth/register) per client address per 15 minutes. */
  RATE_LIMIT_SIGNUP_PER_15MIN: positiveInt.default(5),
  /** Failed sign-ins in a row for one account from one address before 15 minutes' pause; a success resets it. */
  RATE_LIMIT_LOGIN_CONSECUTIVE_FAILS: positiveInt.default(5),
  /** Failed sign-ins for one account per hour, from any address, before an hour's pause. */
  RATE_LIMIT_LOGIN_ACCOUNT_FAILS_PER_HOUR: positiveInt.default(10),
  /** Failed sign-ins from one address per day, to any account, before a day's pause. */
  RATE_LIMIT_LOGIN_ADDRESS_FAILS_PER_DAY: positiveInt.default(100),
  /**
   * Reverse proxies in front of the API whose X-Forwarded-For is believed: the client is
   * that many hops back from the socket. 0 ignores X-Forwarded-For (any client can forge it).
   */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** Origins allowed to call /api/* from a browser, comma-separated; empty means same-origin only. */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter((origin) => origin !== ''),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(/^https?:\/\/[^/\s]+$/, 'each origin is scheme://host[:port], without a path or trailing slash'),
      ),
    ),
  /** When set, GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.string().min(1).optional(),
  /** Enables the OpenAI template checker; unset means the built-in rule checker only. */
  OPENAI_API_KEY: z.string().min(1).optional(),
  /** Where the openai client sends requests; unset means api.openai.com. Tests point it at a local stub. */
  OPENAI_BASE_URL: url.optional(),
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  /** How long one template check waits for OpenAI before answering 502. */
  OPENAI_TIMEOUT_MS: positiveInt.default(20_000),
});

/** Development-only signing key, so `npm start` works with nothing configured. Never used in production. */
const DEV_JWT_SECRET = 'initucastt-development-only-secret-do-not-use-in-production';

export type TConfig = Readonly<
  Omit<z.infer<typeof ZConfig>, 'JWT_SECRET' | 'PUBLIC_URL'> & {
    JWT_SECRET: string;
    PUBLIC_URL: string;
    sandbox: boolean;
  }
>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment once per process. Empty strings count as unset so that
 * `FOO=` in a compose file falls back to the default instead of failing validation.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): TConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = ZConfig.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  if (parsed.data.NODE_ENV === 'production' && !parsed.data.JWT_SECRET) {
    throw new ConfigError(['JWT_SECRET: required in production (at least 32 random characters)']);
  }
  const sandbox = parsed.data.TWILIO_ACCOUNT_SID === SANDBOX_ACCOUNT_SID;
  const sandboxAskedFor = parsed.data.SANDBOX === 'true' || parsed.data.SANDBOX === '1';
  if (parsed.data.NODE_ENV === 'production' && sandbox && !sandboxAskedFor) {
    throw new ConfigError([
      'TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN: required in production. To run the built-in Twilio sandbox instead (a demo: messages go to its simulator, not to phones), set SANDBOX=true',
    ]);
  }
  // The sandbox's Twilio API and its operator routes see every workspace's messages and take
  // the account's credentials; the default token is in this repository for all to read.
  if (parsed.data.NODE_ENV === 'production' && sandbox && parsed.data.TWILIO_AUTH_TOKEN === SANDBOX_AUTH_TOKEN) {
    throw new ConfigError([
      "TWILIO_AUTH_TOKEN: with SANDBOX=true in production, set a secret of 32 or more characters: the sandbox's Twilio API and operator routes take it, and the default is public",
    ]);
  }
  if (parsed.data.NODE_ENV === 'production' && sandbox && parsed.data.TWILIO_AUTH_TOKEN.length < 32) {
    throw new ConfigError(['TWILIO_AUTH_TOKEN: with SANDBOX=true in production, at least 32 characters']);
  }
  // Unset, the public URL follows PORT: the sandbox's Twilio endpoint and the status
  // callbacks are addressed through it, so a fixed :3000 would break any other port.
  const publicUrl = parsed.data.PUBLIC_URL ?? `http://localhost:${parsed.data.PORT}`;
  return Object.freeze({
    ...parsed.data,
    PUBLIC_URL: publicUrl,
    JWT_SECRET: parsed.data.JWT_SECRET ?? DEV_JWT_SECRET,
    sandbox,
  });
}
