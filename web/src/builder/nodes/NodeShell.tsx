import { Handle, Position, useUpdateNodeInternals } from '@xyflow/react';
import { memo, useEffect, useRef, type CSSProperties, type ReactNode } from 'react';
import type { TNodeType } from '../../../../core/index.js';
import { NODE_TITLES } from '../describe';
import { funnelWords } from '../funnel-words';
import { useNodeCounts, useNodeFunnel, useNodeProblems, useReadOnly } from '../status-context';
import { NODE_COLORS } from './node-style';
import type { TOutput } from './outputs';
import './nodes.css';

export interface TNodeShellProps {
  id: string;
  type: TNodeType;
  selected: boolean;
  icon: ReactNode;
  /** The user's label for the node; the type's name when absent. */
  label?: string | undefined;
  /** False for start, which nothing may enter. */
  hasInput?: boolean;
  outputs: readonly TOutput[];
  children?: ReactNode;
}

const Counts = memo(function Counts({ id, type }: { id: string; type: TNodeType }) {
  const counts = useNodeCounts(id);
  const funnel = useNodeFunnel(id);
  if (counts === undefined) return null;
  const text = `${counts.here} here now · ${counts.passed} passed`;
  const funnelParts = funnel ? funnelWords(type, funnel) : [];
  return (
    <>
      <div className="jb-node__counts" aria-label={text} title={text}>
        <span className="jb-node__count jb-node__count--here">{counts.here} here now</span>
        <span className="jb-node__count">{counts.passed} passed</span>
      </div>
      {funnelParts.length > 0 && (
        <div
          className="jb-node__counts jb-node__funnel"
          data-testid={`funnel-${id}`}
          aria-label={`Funnel of ${id}: ${funnelParts.join(' · ')}`}
          title={funnelParts.join(' · ')}
        >
          {funnelParts.map((part) => (
            <span key={part} className="jb-node__count jb-node__count--funnel">
              {part}
            </span>
          ))}
        </div>
      )}
    </>
  );
});

function OutputList({
  nodeId,
  outputs,
  connectable,
}: {
  nodeId: string;
  outputs: readonly TOutput[];
  connectable: boolean;
}) {
  return (
    <ul className="jb-node__outputs" aria-label="Outcomes">
      {outputs.map((output, i) => (
        <li
          key={`${output.id ?? ''}-${i}`}
          className={output.builtIn ? 'jb-node__output jb-node__output--builtin' : 'jb-node__output'}
        >
          <span className="jb-node__output-label">{output.label}</span>
          {output.detail && <span className="jb-node__output-detail">{output.detail}</span>}
          <Handle
            type="source"
            position={Position.Right}
            id={output.id ?? undefined}
            isConnectable={connectable}
            title={`${nodeId}: ${output.label}${output.detail ? ` (${output.detail})` : ''}, drag to connect`}
            aria-label={`Outcome ${output.label} of ${nodeId}`}
          />
        </li>
      ))}
    </ul>
  );
}

/**
 * The frame every node type shares: coloured header, input handle on the left, output
 * handles on the right (one per outcome, labelled), live counts and problems.
 */
export function NodeShell({ id, type, selected, icon, label, hasInput = true, outputs, children }: TNodeShellProps) {
  const problems = useNodeProblems(id);
  const readOnly = useReadOnly();
  const updateNodeInternals = useUpdateNodeInternals();
  const handleIds = outputs.map((o) => o.id ?? '').join('\u0000');
  const measuredIds = useRef(handleIds);
  // React Flow caches handle positions, so a renamed, added or removed outcome must
  // re-measure. Not on mount: React Flow measures new nodes itself, and an early call
  // would make its initial fitView run before the other nodes have sizes.
  useEffect(() => {
    if (measuredIds.current === handleIds) return;
    measuredIds.current = handleIds;
    updateNodeInternals(id);
  }, [id, handleIds, updateNodeInternals]);

  const title = label?.trim() ? label : NODE_TITLES[type];
  const single = outputs.length === 1 && outputs[0]?.id === null;
  const classes = [
    'jb-node',
    selected && 'is-selected',
    problems.length > 0 && 'has-problems',
    readOnly && 'is-readonly',
  ];
  const summary = `${NODE_TITLES[type]} node ${id}${problems.length > 0 ? `, ${problems.length} problem${problems.length === 1 ? '' : 's'}` : ''}`;
  return (
    <div
      className={classes.filter(Boolean).join(' ')}
      style={{ '--node-color': NODE_COLORS[type] } as CSSProperties}
      data-testid={`node-${id}`}
      role="group"
      aria-label={summary}
    >
      {hasInput ? (
        <Handle
          type="target"
          position={Position.Left}
          isConnectable={!readOnly}
          title={`Into ${id}: drop a connection here`}
        />
      ) : (
        // Nothing may enter, but a stored edge that does must still be drawn (red) to be deleted.
        <Handle type="target" position={Position.Left} isConnectable={false} style={{ visibility: 'hidden' }} />
      )}
      <div className="jb-node__header">
        {icon}
        <span className="jb-node__title">{title}</span>
        <span className="jb-node__id" title={id}>
          {id}
        </span>
      </div>
      <Counts id={id} type={type} />
      {children !== undefined && <div className="jb-node__body">{children}</div>}
      {single && (
        <Handle
          type="source"
          position={Position.Right}
          isConnectable={!readOnly}
          title={`Out of ${id}: drag to the next step`}
        />
      )}
      {!single && outputs.length > 0 && <OutputList nodeId={id} outputs={outputs} connectable={!readOnly} />}
      {problems.length > 0 && (
        <ul className="jb-node__problems" role="status" aria-label={`Problems of ${id}`}>
          {problems.slice(0, 3).map((p, i) => (
            <li key={i}>{p.message}</li>
          ))}
          {problems.length > 3 && <li>and {problems.length - 3} more (see the side panel)</li>}
        </ul>
      )}
    </div>
  );
}
