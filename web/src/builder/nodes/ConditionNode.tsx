import type { NodeProps } from '@xyflow/react';
import { memo, useMemo } from 'react';
import type { TFlowNodeOf } from '../types';
import { NodeIcon } from './NodeIcon';
import { NodeShell } from './NodeShell';
import { nodeOutputs } from './outputs';

/** Branches on the contact's fields: one outcome per rule as a sentence, then "otherwise". */
export const ConditionNode = memo(function ConditionNode({ id, data, selected }: NodeProps<TFlowNodeOf<'condition'>>) {
  const outputs = useMemo(() => nodeOutputs({ id, type: 'condition', data }), [id, data]);
  return (
    <NodeShell
      id={id}
      type="condition"
      selected={selected}
      icon={<NodeIcon type="condition" />}
      label={data.label}
      outputs={outputs}
    >
      <span className="jb-node__muted">First matching rule wins</span>
    </NodeShell>
  );
});
