import type { TNodeType } from '../../../core/index.js';
import type { TNodeData } from './types';

/**
 * Data a freshly added node starts with. Choices a marketer would make anyway are filled
 * in (WhatsApp, a day's timeout, YES/NO branches, a 50/50 split) so a new node is one or
 * two edits away from valid; the message body starts empty so nothing unintended is sent.
 */
export function defaultData<K extends TNodeType>(type: K): TNodeData<K> {
  const byType: { [T in TNodeType]: () => TNodeData<T> } = {
    start: () => ({}),
    // SMS by default: a free-form WhatsApp message reaches only contacts who wrote in the last 24 hours.
    message: () => ({ channel: 'sms', body: '' }),
    wait: () => ({ duration: 'P1D' }),
    waitForReply: () => ({
      timeout: 'P1D',
      branches: [
        { id: 'yes', match: 'equals', value: 'yes' },
        { id: 'no', match: 'equals', value: 'no' },
      ],
    }),
    condition: () => ({ rules: [{ id: 'rule-1', variable: '', op: 'equals', value: '' }] }),
    split: () => ({
      branches: [
        { id: 'a', percent: 50 },
        { id: 'b', percent: 50 },
      ],
    }),
    end: () => ({}),
  };
  return byType[type]();
}

/**
 * A node id not in `existing`: the type followed by the next free number ("message-3").
 * Readable ids matter because they show up in problems, run logs and Temporal UI.
 */
export function newNodeId(type: TNodeType, existing: Iterable<string>): string {
  const ids = new Set(existing);
  if (type === 'start' && !ids.has('start')) return 'start';
  let n = 1;
  for (const id of ids) {
    const match = /^(.+)-(\d+)$/.exec(id);
    if (match?.[1] === type) n = Math.max(n, Number(match[2]) + 1);
  }
  while (ids.has(`${type}-${n}`)) n++;
  return `${type}-${n}`;
}

/**
 * The id of the edge leaving `source` by `sourceHandle`. A handle carries at most one
 * edge, so source and handle alone make it unique; the target keeps it readable.
 */
export function edgeIdFor(source: string, sourceHandle: string | null | undefined, target: string): string {
  return `e-${source}-${sourceHandle || 'out'}-${target}`;
}

/** An id for a new list item (`prefix-N`) that is not already used in the list. */
export function uniqueItemId(prefix: string, existing: ReadonlyArray<{ id: string }>): string {
  const used = new Set(existing.map((item) => item.id));
  let n = existing.length + 1;
  while (used.has(`${prefix}-${n}`)) n++;
  return `${prefix}-${n}`;
}
