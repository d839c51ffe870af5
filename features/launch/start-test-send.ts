import { formatMs } from '../../core/duration.js';
import { missingVariables } from '../../core/render.js';
import { AppError } from '../../infra/app-error.js';
import type { Prisma } from '../../infra/db.js';
import type { TTestSend } from '../../workflows/contract/index.js';
import { normalizeAudience } from '../audience/index.js';
import { launchJourney, type LaunchDeps } from './launch-journey.js';
import { planLaunch, type TStoredJourney } from './plan-launch.js';

const HOUR_MS = 3_600_000;

export interface TestSendRequest {
  workspaceId: string;
  userId: string;
  journeyId: string;
  journey: TStoredJourney;
  /** E.164, normalised as an audience's phones are. */
  phone: string;
  vars: Record<string, string>;
  timing: TTestSend;
  /** Test sends the workspace may start in any hour. */
  perHour: number;
  /** Whether intent reply branches can be classified (an OpenAI key is configured). */
  hasIntentClassifier: boolean;
}

export interface TestSendAnswer {
  runId: string;
  version: number;
  phone: string;
  testTiming: TTestSend;
  /** What the test does differently from a launch, in words. */
  summary: string;
}

/**
 * Runs a journey for one phone as a test: a launch of one contact (the same checks, the
 * same version freezing, launcher, contact workflow and send path, so the tester gets the
 * real message), marked as a test on the run, its contact and its sends, with each wait
 * shortened to `timing`, and no send window or frequency cap. The workspace's opt-outs
 * still hold: a phone that sent STOP is refused here, and a STOP during the test ends it.
 * @throws AppError invalid_input for journey problems (as a launch), a phone that opted
 *   out (`details` path `phone`) or a variable the journey's messages need (`vars.<name>`);
 *   rate_limited past `perHour` test sends in the last hour (`details.retryAfterSeconds`).
 */
export async function startTestSend(deps: LaunchDeps, request: TestSendRequest): Promise<TestSendAnswer> {
  const { workspaceId, phone, vars } = request;
  const { journey } = await planLaunch(
    deps.db,
    { workspaceId, journey: request.journey, maxRows: 1, hasIntentClassifier: request.hasIntentClassifier },
    (rules) => {
      // The launch's rules, refused with the field at fault instead of as a rejected row.
      if (rules.excludedPhones.has(phone)) {
        const message = `${phone} opted out of this workspace's messages (it sent STOP): it gets none, not even a test, until it sends START`;
        return Promise.reject(new AppError('invalid_input', `${message}.`, [{ path: 'phone', message }]));
      }
      const missing = missingVariables(rules.requiredVariables, vars);
      if (missing.length > 0) {
        return Promise.reject(
          new AppError(
            'invalid_input',
            `The journey's messages use ${missing.map((name) => `{{${name}}}`).join(', ')}: give ${missing.length === 1 ? 'it a value' : 'each a value'} in vars.`,
            missing.map((name) => ({ path: `vars.${name}`, message: `the journey's messages use {{${name}}}` })),
          ),
        );
      }
      return Promise.resolve(normalizeAudience([{ row: 1, phone, vars }], rules));
    },
  );

  const { runId, version } = await launchJourney(deps, {
    workspaceId,
    userId: request.userId,
    journeyId: request.journeyId,
    journey,
    contacts: [{ phone, vars, row: 1 }],
    test: request.timing,
    beforeCreate: (tx) => limitTestSends(tx, workspaceId, request.perHour),
  });
  return { runId, version, phone, testTiming: request.timing, summary: describeTest(request.timing) };
}

/**
 * At most `perHour` test runs per workspace in any rolling hour, counted from the runs
 * themselves: exact, shared by every API process, and held under a per-workspace lock
 * for the rest of the transaction that creates the run, so concurrent requests cannot
 * both take the last one.
 */
async function limitTestSends(tx: Prisma.TransactionClient, workspaceId: string, perHour: number): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`test-send:${workspaceId}`}, 0))`;
  const now = Date.now();
  const recent = await tx.run.findMany({
    where: { workspaceId, isTest: true, createdAt: { gt: new Date(now - HOUR_MS) } },
    orderBy: { createdAt: 'desc' },
    take: perHour,
    select: { createdAt: true },
  });
  if (recent.length < perHour) return;
  // The oldest of the latest `perHour` leaving the hour makes room for one more.
  const oldest = recent.at(-1)!.createdAt.getTime();
  const retryAfterSeconds = Math.max(Math.ceil((oldest + HOUR_MS - now) / 1000), 1);
  throw new AppError(
    'rate_limited',
    `Your workspace started ${perHour} test sends in the last hour, the most it may: try again in ${formatMs(retryAfterSeconds * 1000)}.`,
    { scope: 'test_send', limit: perHour, windowSeconds: HOUR_MS / 1000, retryAfterSeconds },
  );
}

/** The test's differences from a launch, as the answer states them. */
function describeTest(timing: TTestSend): string {
  return (
    `Each wait of the journey becomes ${formatMs(timing.waitSeconds * 1000)} at most, and each wait for a reply ` +
    `times out after ${formatMs(timing.replyTimeoutSeconds * 1000)} at most; the contact's history records each ` +
    'wait it shortened. The messages are real and go through the send queue and its rate limit; send windows and ' +
    'frequency caps do not apply, and this test does not count toward a cap. Opt-outs do apply: a STOP from the phone ends it. ' +
    'The run, its contact and its messages are marked as a test and left out of analytics.'
  );
}
