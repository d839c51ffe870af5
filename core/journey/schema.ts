import { z } from 'zod';
import { ZSendPolicyLayer } from '../policy/send-policy.js';
import { ZJourneyGoal } from './goal.js';
import {
  ZConditionData,
  ZEndData,
  ZMessageData,
  ZSplitData,
  ZStartData,
  ZWaitData,
  ZWaitForReplyData,
} from './node-schemas.js';

export * from './constants.js';
export * from './node-schemas.js';
export * from './goal.js';
export * from './button-branches.js';

export const ZNodeId = z.string().min(1, 'node id must not be empty').max(100);
export const ZPosition = z.object({ x: z.number(), y: z.number() });

// Unknown keys (React Flow's measured, selected, dragging...) are stripped, not rejected,
// so the builder can post its state as is and gets back only what the workflow needs.
function nodeSchema<TType extends string, TData extends z.ZodType>(type: TType, data: TData) {
  return z.object({ id: ZNodeId, type: z.literal(type), position: ZPosition, data });
}

export const ZStartNode = nodeSchema('start', ZStartData);
export const ZMessageNode = nodeSchema('message', ZMessageData);
export const ZWaitNode = nodeSchema('wait', ZWaitData);
export const ZWaitForReplyNode = nodeSchema('waitForReply', ZWaitForReplyData);
export const ZConditionNode = nodeSchema('condition', ZConditionData);
export const ZSplitNode = nodeSchema('split', ZSplitData);
export const ZEndNode = nodeSchema('end', ZEndData);

export const ZJourneyNode = z.discriminatedUnion('type', [
  ZStartNode,
  ZMessageNode,
  ZWaitNode,
  ZWaitForReplyNode,
  ZConditionNode,
  ZSplitNode,
  ZEndNode,
]);

/** A React Flow edge. A null, missing or empty sourceHandle is the node's single output. */
export const ZJourneyEdge = z.object({
  id: z.string().min(1, 'edge id must not be empty').max(100),
  source: ZNodeId,
  sourceHandle: z.string().nullish(),
  target: ZNodeId,
});

export const ZJourneyName = z.string().max(200).regex(/\S/, 'journey name must not be blank');

/**
 * The shape of a journey and each node's own rules. Graph rules (one start, handles,
 * reachability, cycles...) are checked by validateJourney, which should be used instead.
 */
export const ZJourney = z.object({
  name: ZJourneyName,
  nodes: z.array(ZJourneyNode),
  edges: z.array(ZJourneyEdge),
  /** Send window, time zone and frequency cap over the workspace's; nodes may say what to do over the cap. */
  sendPolicy: ZSendPolicyLayer.optional(),
  /** What counts as a conversion; the run's analytics measure it. Absent: no goal. */
  goal: ZJourneyGoal.optional(),
});

export type TStartNode = z.infer<typeof ZStartNode>;
export type TMessageNode = z.infer<typeof ZMessageNode>;
export type TWaitNode = z.infer<typeof ZWaitNode>;
export type TWaitForReplyNode = z.infer<typeof ZWaitForReplyNode>;
export type TConditionNode = z.infer<typeof ZConditionNode>;
export type TSplitNode = z.infer<typeof ZSplitNode>;
export type TEndNode = z.infer<typeof ZEndNode>;
export type TJourneyNode = z.infer<typeof ZJourneyNode>;
export type TJourneyEdge = z.infer<typeof ZJourneyEdge>;
export type TJourney = z.infer<typeof ZJourney>;
