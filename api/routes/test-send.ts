import { hasIntentClassifier } from '../../features/reply-intent/index.js';
import { loadJourney } from '../../features/journeys/load-journey.js';
import { startTestSend } from '../../features/launch/start-test-send.js';
import { AppError } from '../../infra/app-error.js';
import type { ApiServices } from '../app.js';
import { createApiRoute, json, jsonBody } from '../openapi/route.js';
import { createRouter } from '../openapi/router.js';
import { ZJourneyIdParam } from '../schemas/journeys.js';
import { ZTestSend, ZTestSendAccepted } from '../schemas/test-send.js';

/**
 * `POST /api/journeys/:id/test`: the journey for one phone, the tester's, as a test run
 * (features/launch/start-test-send.ts). Answers 202 once the run exists; the message
 * follows through the send queue like any other.
 */
export function testSendRoutes({ config, db, temporal }: ApiServices) {
  return createRouter().openapi(
    createApiRoute({
      tag: 'Journeys',
      access: 'session',
      method: 'post',
      path: '/{id}/test',
      operationId: 'testJourney',
      summary: 'Test a journey on your phone',
      description:
        "Runs the saved journey for one phone as a test run: the real messages, through the same queue and rate limit, with each wait lasting at most TEST_SEND_WAIT_SECONDS (5 by default) and each wait for a reply timing out after at most TEST_SEND_REPLY_TIMEOUT_SECONDS (120 by default: time to answer in the phone simulator); the contact's history records each wait it shortened (`wait_shortened`). " +
        'The run, its contact and its messages are marked `isTest` (and `RunKind="test"` in Temporal UI), and left out of analytics, of `GET /api/runs?test=false` and of the frequency cap: a test neither counts toward it nor waits for it, and no send window holds it. ' +
        'Opt-outs still apply: a phone that sent STOP is refused (400 on `phone`), and a STOP during the test ends it. ' +
        '400 as a launch for journey problems, and for a bad phone or a variable the messages need (`details` names `phone` or `vars.<name>`). 429 past RATE_LIMIT_TEST_SENDS_PER_HOUR (30 by default) test sends per workspace in any hour, with Retry-After.',
      request: { params: ZJourneyIdParam, body: jsonBody(ZTestSend) },
      responses: { 202: json(ZTestSendAccepted, 'The test run was created; its message is on its way.') },
      errors: [400, 404, 415],
    }),
    async (c) => {
      const { workspaceId, userId } = c.get('auth');
      const row = await loadJourney(db, workspaceId, c.req.valid('param').id);
      const { phone, vars } = c.req.valid('json');
      try {
        const answer = await startTestSend(
          {
            db,
            temporal,
            logger: c.get('logger'),
            taskQueue: config.TEMPORAL_TASK_QUEUE,
            batchSize: config.LAUNCH_BATCH_SIZE,
            weights: config.FAIR_SHARE_WEIGHTS,
          },
          {
            workspaceId,
            userId,
            journeyId: row.id,
            journey: row,
            phone,
            vars,
            timing: {
              waitSeconds: config.TEST_SEND_WAIT_SECONDS,
              replyTimeoutSeconds: config.TEST_SEND_REPLY_TIMEOUT_SECONDS,
            },
            perHour: config.RATE_LIMIT_TEST_SENDS_PER_HOUR,
            hasIntentClassifier: hasIntentClassifier(config),
          },
        );
        return c.json(answer, 202);
      } catch (error) {
        // As the API's rate limits answer: when to come back, in the header too.
        const details = error instanceof AppError && error.code === 'rate_limited' ? error.details : undefined;
        const retryAfter = (details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
        if (retryAfter !== undefined) c.header('Retry-After', String(retryAfter));
        throw error;
      }
    },
  );
}
