import type { NodeProps } from '@xyflow/react';
import { memo, useMemo } from 'react';
import { splitTotal } from '../panel/list-ops';
import type { TFlowNodeOf } from '../types';
import { NodeIcon } from './NodeIcon';
import { NodeShell } from './NodeShell';
import { nodeOutputs } from './outputs';

/** A/B split: each contact goes down one branch at random; one outcome per branch with its percent. */
export const SplitNode = memo(function SplitNode({ id, data, selected }: NodeProps<TFlowNodeOf<'split'>>) {
  const outputs = useMemo(() => nodeOutputs({ id, type: 'split', data }), [id, data]);
  const total = splitTotal(data.branches);
  return (
    <NodeShell
      id={id}
      type="split"
      selected={selected}
      icon={<NodeIcon type="split" />}
      label={data.label}
      outputs={outputs}
    >
      {total === 100 ? (
        <span className="jb-node__muted">Random split by percent</span>
      ) : (
        <strong>Percents add up to {total}%, not 100%</strong>
      )}
    </NodeShell>
  );
});
