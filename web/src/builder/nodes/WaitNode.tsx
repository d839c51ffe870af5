import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { durationWords } from '../describe';
import type { TFlowNodeOf } from '../types';
import { NodeIcon } from './NodeIcon';
import { NodeShell } from './NodeShell';
import { nodeOutputs } from './outputs';

/** A pause: "Wait 3 days". */
export const WaitNode = memo(function WaitNode({ id, data, selected }: NodeProps<TFlowNodeOf<'wait'>>) {
  return (
    <NodeShell
      id={id}
      type="wait"
      selected={selected}
      icon={<NodeIcon type="wait" />}
      label={data.label}
      outputs={nodeOutputs({ id, type: 'wait', data })}
    >
      Wait <strong>{durationWords(data.duration)}</strong>
    </NodeShell>
  );
});
