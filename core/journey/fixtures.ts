import type { TJourney, TJourneyGoal } from './schema.js';

/**
 * A YES/NO survey: start -> ask -> waitForReply (yes / no / timeout) -> one message per
 * outcome -> end. Returns a fresh copy on every call so tests can mutate it freely.
 */
export function surveyJourney(): TJourney {
  return {
    name: 'Satisfaction survey',
    nodes: [
      { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
      {
        id: 'ask',
        type: 'message',
        position: { x: 0, y: 120 },
        data: {
          channel: 'sms',
          body: 'Hi {{firstName}}, did you enjoy your visit? Reply YES or NO.',
          label: 'Ask',
        },
      },
      {
        id: 'reply',
        type: 'waitForReply',
        position: { x: 0, y: 240 },
        data: {
          timeout: 'P1D',
          branches: [
            { id: 'yes', match: 'equals', value: 'yes' },
            { id: 'no', match: 'equals', value: 'no' },
          ],
        },
      },
      {
        id: 'thanks-yes',
        type: 'message',
        position: { x: -240, y: 360 },
        data: { channel: 'sms', body: 'Great to hear, {{firstName}}! See you soon.' },
      },
      {
        id: 'thanks-no',
        type: 'message',
        position: { x: 0, y: 360 },
        data: { channel: 'sms', body: 'Sorry about that, {{firstName}}. A manager will call {{phone}}.' },
      },
      {
        id: 'no-answer',
        type: 'message',
        position: { x: 240, y: 360 },
        data: { channel: 'sms', body: 'No worries, thanks for visiting!' },
      },
      { id: 'end', type: 'end', position: { x: 0, y: 480 }, data: {} },
    ],
    edges: [
      { id: 'e-start-ask', source: 'start', sourceHandle: null, target: 'ask' },
      { id: 'e-ask-reply', source: 'ask', sourceHandle: null, target: 'reply' },
      { id: 'e-reply-yes', source: 'reply', sourceHandle: 'yes', target: 'thanks-yes' },
      { id: 'e-reply-no', source: 'reply', sourceHandle: 'no', target: 'thanks-no' },
      { id: 'e-reply-timeout', source: 'reply', sourceHandle: 'timeout', target: 'no-answer' },
      { id: 'e-yes-end', source: 'thanks-yes', target: 'end' },
      { id: 'e-no-end', source: 'thanks-no', target: 'end' },
      { id: 'e-timeout-end', source: 'no-answer', target: 'end' },
    ],
  };
}

/** start -> hello ("Hi {{name}}", SMS) -> end: a contact's only message is its last step. */
export function oneMessageJourney(): TJourney {
  return {
    name: 'One message',
    nodes: [
      { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
      { id: 'hello', type: 'message', position: { x: 0, y: 0 }, data: { channel: 'sms', body: 'Hi {{name}}' } },
      { id: 'end', type: 'end', position: { x: 0, y: 0 }, data: {} },
    ],
    edges: [
      { id: 'a', source: 'start', target: 'hello' },
      { id: 'b', source: 'hello', target: 'end' },
    ],
  };
}

/**
 * An appointment confirmation that branches on what the reply means: a reply containing
 * "call me" first (exactly), else the intents "agrees" and "reschedule" (classified by the
 * AI model), else noMatch ("unclear"); silence times out. Contact field: firstName.
 */
export function intentJourney(): TJourney {
  const message = (id: string, y: number, body: string) => ({
    id,
    type: 'message' as const,
    position: { x: 0, y },
    data: { channel: 'sms' as const, body },
  });
  return {
    name: 'Appointment confirmation',
    nodes: [
      { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
      message('ask', 120, 'Hi {{firstName}}, can you make your appointment on Tuesday at 10:00?'),
      {
        id: 'reply',
        type: 'waitForReply',
        position: { x: 0, y: 240 },
        data: {
          timeout: 'P1D',
          branches: [
            { id: 'call', match: 'contains', value: 'call me' },
            { id: 'agrees', match: 'intent', value: 'agrees to the appointment' },
            { id: 'reschedule', match: 'intent', value: 'asks to move the appointment to another time' },
          ],
        },
      },
      message('confirmed', 360, 'Great, {{firstName}}: see you on Tuesday at 10:00.'),
      message('calling', 360, 'We will call you shortly.'),
      message('rescheduling', 360, 'No problem, we will call you to find another time.'),
      message('unclear', 360, 'Sorry, we did not understand: a colleague will call you.'),
      message('no-answer', 360, 'We will keep your appointment on Tuesday at 10:00.'),
      { id: 'end', type: 'end', position: { x: 0, y: 480 }, data: {} },
    ],
    edges: [
      { id: 'e-start-ask', source: 'start', target: 'ask' },
      { id: 'e-ask-reply', source: 'ask', target: 'reply' },
      { id: 'e-reply-agrees', source: 'reply', sourceHandle: 'agrees', target: 'confirmed' },
      { id: 'e-reply-call', source: 'reply', sourceHandle: 'call', target: 'calling' },
      { id: 'e-reply-reschedule', source: 'reply', sourceHandle: 'reschedule', target: 'rescheduling' },
      { id: 'e-reply-nomatch', source: 'reply', sourceHandle: 'noMatch', target: 'unclear' },
      { id: 'e-reply-timeout', source: 'reply', sourceHandle: 'timeout', target: 'no-answer' },
      ...['confirmed', 'calling', 'rescheduling', 'unclear', 'no-answer'].map((id) => ({
        id: `e-${id}-end`,
        source: id,
        target: 'end',
      })),
    ],
  };
}

/**
 * An A/B test of two offers: start -> split (a 50 / b 50) -> offer-a or offer-b -> wait for a
 * reply (`buy` when it contains "buy"; `timeout` after `timeout`) -> thanks on `buy` -> end.
 * With `goal`, the journey counts it as its conversion.
 */
export function offerSplitJourney(goal?: TJourneyGoal, timeout = 'P1D'): TJourney {
  return {
    name: 'Offer A/B test',
    nodes: [
      { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
      {
        id: 'split',
        type: 'split',
        position: { x: 0, y: 0 },
        data: {
          branches: [
            { id: 'a', percent: 50 },
            { id: 'b', percent: 50 },
          ],
        },
      },
      {
        id: 'offer-a',
        type: 'message',
        position: { x: 0, y: 0 },
        data: { channel: 'sms', body: '10% off today. Reply BUY to order.', label: 'Offer A' },
      },
      {
        id: 'offer-b',
        type: 'message',
        position: { x: 0, y: 0 },
        data: { channel: 'sms', body: 'Free delivery today. Reply BUY to order.', label: 'Offer B' },
      },
      {
        id: 'reply',
        type: 'waitForReply',
        position: { x: 0, y: 0 },
        data: { timeout, branches: [{ id: 'buy', match: 'contains', value: 'buy' }] },
      },
      { id: 'thanks', type: 'message', position: { x: 0, y: 0 }, data: { channel: 'sms', body: 'Thanks!' } },
      { id: 'end', type: 'end', position: { x: 0, y: 0 }, data: {} },
    ],
    edges: [
      { id: 'e-start', source: 'start', target: 'split' },
      { id: 'e-a', source: 'split', sourceHandle: 'a', target: 'offer-a' },
      { id: 'e-b', source: 'split', sourceHandle: 'b', target: 'offer-b' },
      { id: 'e-a-reply', source: 'offer-a', target: 'reply' },
      { id: 'e-b-reply', source: 'offer-b', target: 'reply' },
      { id: 'e-buy', source: 'reply', sourceHandle: 'buy', target: 'thanks' },
      { id: 'e-timeout', source: 'reply', sourceHandle: 'timeout', target: 'end' },
      { id: 'e-thanks', source: 'thanks', target: 'end' },
    ],
    ...(goal ? { goal } : {}),
  };
}

/** Contact fields the survey's messages use (besides the built-in phone). */
export const SURVEY_VARIABLES: readonly string[] = ['firstName'];

/** A node as the builder would post it; its data is only checked by validation. */
export function rawNode(id: string, type: string, data: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, type, position: { x: 0, y: 0 }, data };
}

/** An edge as the builder would post it, with a readable default id. */
export function rawEdge(source: string, target: string, sourceHandle: string | null = null, id?: string) {
  return { id: id ?? `${source}-${sourceHandle ?? 'out'}-${target}`, source, sourceHandle, target };
}
