/**
 * The pure steps of a contact's walk that the launcher may take on the contact's behalf:
 * the same functions the contact workflow walks with, so both sides always agree on the
 * branch a contact takes, the message it gets, the key that message is sent under, and the
 * rest of its path after the send. Deterministic: no clock of its own (`nowMs` is passed in).
 */
import { evaluateCondition } from '../../core/condition.js';
import { MAX_BODY_LENGTH } from '../../core/journey/constants.js';
import { nextNodeId, type TJourneyGraph } from '../../core/journey/graph.js';
import type { TJourneyNode } from '../../core/journey/schema.js';
import { nextSendTime } from '../../core/policy/send-window.js';
import { resolveTimeZone } from '../../core/policy/time-zone.js';
import { renderTemplate } from '../../core/render.js';
import { chooseSplitBranch } from '../../core/split.js';
import type { SendMessageInput } from './activities.js';
import type { TAfterSend, TStep } from './after-send.js';
import { sendIdempotencyKey } from './ids.js';
import type { TContactJourneyInput } from './workflow-io.js';

/** Instant nodes followed before a path counts as too long to plan. */
const MAX_INSTANT_STEPS = 50;

export type TMessageNode = Extract<TJourneyNode, { type: 'message' }>;
export type TMessageContent = { body: string } | { contentSid: string; contentVariables: Record<string, string> };

/** The branch a contact takes at a condition or split node; undefined for any other node. */
export function instantBranch(
  input: Pick<TContactJourneyInput, 'vars' | 'contactId'>,
  node: TJourneyNode,
): string | undefined {
  switch (node.type) {
    case 'condition':
      return evaluateCondition(node.data.rules, input.vars);
    case 'split':
      // Seeded by contact and node: the same contact always lands in the same branch.
      return chooseSplitBranch(node.data.branches, `${input.contactId}:${node.id}`);
    default:
      return undefined;
  }
}

/**
 * The steps a contact takes from `fromId` through instant nodes (visits, and the branch of
 * each condition or split), as the interpreter's loop records them, and where it stops:
 * the first other node, or undefined when the path ends (no edge out). Undefined when a
 * node is missing or the path is longer than any journey should make it.
 */
export function instantSteps(
  graph: TJourneyGraph,
  input: Pick<TContactJourneyInput, 'vars' | 'contactId'>,
  fromId: string | undefined,
): { steps: TStep[]; stop: TJourneyNode | undefined } | undefined {
  const steps: TStep[] = [];
  let id = fromId;
  while (steps.length < MAX_INSTANT_STEPS) {
    if (id === undefined) return { steps, stop: undefined };
    const node = graph.nodes.get(id);
    if (!node) return undefined;
    steps.push({ kind: 'visit', nodeId: node.id });
    const handle = instantBranch(input, node);
    if (handle === undefined) return { steps, stop: node };
    steps.push({ kind: 'branch', nodeId: node.id, detail: handle });
    id = nextNodeId(graph, node.id, handle);
  }
  return undefined;
}

/**
 * The rest of a contact's path after a message, when it is only instant steps to its end:
 * what the message worker may write for the contact once the send's outcome is known.
 */
export function instantPathToEnd(
  graph: TJourneyGraph,
  input: Pick<TContactJourneyInput, 'vars' | 'contactId'>,
  messageId: string,
): TAfterSend | undefined {
  const path = instantSteps(graph, input, nextNodeId(graph, messageId));
  if (!path || (path.stop && path.stop.type !== 'end')) return undefined;
  return { steps: path.steps };
}

/** The message a contact gets at `node`, rendered with its variables (and its phone). */
export function renderMessage(
  node: TMessageNode,
  input: Pick<TContactJourneyInput, 'vars' | 'phone'>,
): TMessageContent | { missing: string[] } {
  const vars = { ...input.vars, phone: input.phone };
  const { data } = node;
  if ('body' in data && data.body !== undefined) {
    const rendered = renderTemplate(data.body, vars);
    return rendered.ok ? { body: rendered.text } : { missing: rendered.missing };
  }
  const contentVariables: Record<string, string> = {};
  const missing: string[] = [];
  for (const [key, value] of Object.entries(data.contentVariables ?? {})) {
    const rendered = renderTemplate(value, vars);
    if (rendered.ok) contentVariables[key] = rendered.text;
    else missing.push(...rendered.missing);
  }
  return missing.length > 0 ? { missing } : { contentSid: data.contentSid, contentVariables };
}

/**
 * Whether a contact of `version` hands a send off (ends once it is queued, see
 * TContactVersion 3): only when the rest of its path after the send is instant to its end.
 */
export function handsOff(version: TContactJourneyInput['version'], afterSend: TAfterSend | undefined): boolean {
  return version >= 3 && afterSend !== undefined;
}

/** A contact's first send, queued by the launcher before the contact starts. */
export interface TFirstSend {
  nodeId: string;
  /** The contact's steps up to and including the visit of the message node. */
  steps: TStep[];
  send: SendMessageInput;
  afterSend?: TAfterSend;
  /** The contact hands this send off (handsOff): nobody is signalled with its outcome. */
  handOff?: boolean;
}

/**
 * The first thing a contact does when it is a message it can send right away: reached from
 * the start through instant nodes, fully rendered, with no frequency cap to check and its
 * send window (if any) open at `nowMs`. The launcher queues it with the contact's start, so
 * the contact's first task only waits for the outcome. Undefined otherwise: the contact
 * then walks to it and sends on its own.
 */
export function planFirstSend(
  graph: TJourneyGraph,
  input: TContactJourneyInput,
  workflowId: string,
  nowMs: number,
): TFirstSend | undefined {
  const policy = input.sendPolicy;
  if (policy?.frequencyCap || !graph.startId) return undefined;
  const path = instantSteps(graph, input, nextNodeId(graph, graph.startId));
  const node = path?.stop;
  if (!path || node?.type !== 'message') return undefined;
  const content = renderMessage(node, input);
  // One Twilio would refuse is left to the contact, whose send records the refusal.
  if ('missing' in content || ('body' in content && content.body.length > MAX_BODY_LENGTH)) return undefined;
  const timeZone = policy?.sendWindow ? resolveTimeZone([input.vars.timezone, policy.timeZone]) : undefined;
  if (policy?.sendWindow && timeZone && nextSendTime(nowMs, policy.sendWindow, timeZone) > nowMs) return undefined;
  const afterSend = instantPathToEnd(graph, input, node.id);
  return {
    nodeId: node.id,
    steps: [{ kind: 'visit', nodeId: graph.startId }, ...path.steps],
    send: {
      idempotencyKey: sendIdempotencyKey(workflowId, node.id, 1),
      workspaceId: input.workspaceId,
      runId: input.runId,
      contactId: input.contactId,
      nodeId: node.id,
      to: input.phone,
      channel: node.data.channel,
      ...content,
      ...(policy?.sendWindow && timeZone ? { sendWindow: policy.sendWindow, timeZone } : {}),
      ...(input.test ? { test: true } : {}),
    },
    ...(afterSend ? { afterSend } : {}),
    ...(handsOff(input.version, afterSend) ? { handOff: true } : {}),
  };
}
