import type { NodeTypes } from '@xyflow/react';
import { ConditionNode } from './ConditionNode';
import { EndNode } from './EndNode';
import { MessageNode } from './MessageNode';
import { SplitNode } from './SplitNode';
import { StartNode } from './StartNode';
import { WaitForReplyNode } from './WaitForReplyNode';
import { WaitNode } from './WaitNode';

/**
 * React Flow's node type -> component map, keyed by journey node type. Defined once at
 * module level: a new object per render would remount every node.
 */
export const nodeTypes = {
  start: StartNode,
  message: MessageNode,
  wait: WaitNode,
  waitForReply: WaitForReplyNode,
  condition: ConditionNode,
  split: SplitNode,
  end: EndNode,
} satisfies NodeTypes;
