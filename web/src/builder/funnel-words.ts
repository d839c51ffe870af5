import type { TNodeType } from '../../../core/index.js';
import type { TNodeFunnel } from './types';

/**
 * A node's funnel as the canvas shows it, in the order a contact meets it: a message's sent,
 * delivered and failed; a wait-for-reply's replies; then conversions, when the run has a goal.
 * Only what the node can have: a start node sends nothing.
 */
export function funnelWords(type: TNodeType, funnel: TNodeFunnel): string[] {
  const words: string[] = [];
  if (type === 'message') {
    words.push(`${funnel.sent} sent`, `${funnel.delivered} delivered`);
    if (funnel.failed > 0) words.push(`${funnel.failed} failed`);
  }
  if (funnel.replied !== null) words.push(`${funnel.replied} replied`);
  if (funnel.hasGoal) words.push(`${funnel.converted} converted`);
  return words;
}
