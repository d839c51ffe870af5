import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { TFlowNodeOf } from '../types';
import { NodeIcon } from './NodeIcon';
import { NodeShell } from './NodeShell';

const NO_OUTPUTS = [] as const;

/** The contact leaves the journey; no outputs. */
export const EndNode = memo(function EndNode({ id, data, selected }: NodeProps<TFlowNodeOf<'end'>>) {
  return (
    <NodeShell
      id={id}
      type="end"
      selected={selected}
      icon={<NodeIcon type="end" />}
      label={data.label}
      outputs={NO_OUTPUTS}
    >
      <span className="jb-node__muted">The contact leaves the journey</span>
    </NodeShell>
  );
});
