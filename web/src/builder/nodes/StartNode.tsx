import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { TFlowNodeOf } from '../types';
import { NodeIcon } from './NodeIcon';
import { NodeShell } from './NodeShell';
import { nodeOutputs } from './outputs';

/** Where every contact enters; one output, no input. */
export const StartNode = memo(function StartNode({ id, data, selected }: NodeProps<TFlowNodeOf<'start'>>) {
  return (
    <NodeShell
      id={id}
      type="start"
      selected={selected}
      icon={<NodeIcon type="start" />}
      label={data.label}
      hasInput={false}
      outputs={nodeOutputs({ id, type: 'start', data })}
    >
      <span className="jb-node__muted">Contacts enter here</span>
    </NodeShell>
  );
});
