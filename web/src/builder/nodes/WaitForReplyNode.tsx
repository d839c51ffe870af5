import type { NodeProps } from '@xyflow/react';
import { memo, useMemo } from 'react';
import { durationWords } from '../describe';
import type { TFlowNodeOf } from '../types';
import { NodeIcon } from './NodeIcon';
import { NodeShell } from './NodeShell';
import { nodeOutputs } from './outputs';

/** Waits for the contact's reply and branches on it ("YES", "no match", "after 1 day"). */
export const WaitForReplyNode = memo(function WaitForReplyNode({
  id,
  data,
  selected,
}: NodeProps<TFlowNodeOf<'waitForReply'>>) {
  const outputs = useMemo(() => nodeOutputs({ id, type: 'waitForReply', data }), [id, data]);
  return (
    <NodeShell
      id={id}
      type="waitForReply"
      selected={selected}
      icon={<NodeIcon type="waitForReply" />}
      label={data.label}
      outputs={outputs}
    >
      Waits up to <strong>{durationWords(data.timeout)}</strong> for a reply
    </NodeShell>
  );
});
