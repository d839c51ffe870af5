/**
 * How a test send's contact (TContactJourneyInput.test) shortens its waits: pure, so the
 * workflow and its tests agree on the length and on the words its history records.
 */
import { formatMs } from '../../core/duration.js';
import type { TStep } from './after-send.js';
import type { TTestSend } from './workflow-io.js';

/** What a test shortens: a wait node's timer, or a wait-for-reply node's timeout. */
export type TTestWaitKind = 'wait' | 'reply_timeout';

const WHAT: Record<TTestWaitKind, string> = { wait: 'wait', reply_timeout: 'reply timeout' };

/**
 * The length of a wait at `nodeId` that the journey says lasts `ms`: unchanged outside a
 * test, or when the test's limit is no shorter; else the limit, with the history entry that
 * says the wait was shortened for the test.
 */
export function testWait(
  test: TTestSend | undefined,
  kind: TTestWaitKind,
  nodeId: string,
  ms: number,
): { ms: number; step?: TStep } {
  if (!test) return { ms };
  const limitMs = (kind === 'wait' ? test.waitSeconds : test.replyTimeoutSeconds) * 1000;
  if (ms <= limitMs) return { ms };
  return {
    ms: limitMs,
    step: {
      kind: 'wait_shortened',
      nodeId,
      detail: `test send: ${WHAT[kind]} of ${formatMs(ms)} shortened to ${formatMs(limitMs)}`,
    },
  };
}
