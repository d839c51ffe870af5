import type { TNodeType } from '../../../../core/index.js';

/** Accent colour of each node type: header, outline and minimap. */
export const NODE_COLORS: Record<TNodeType, string> = {
  start: '#2e7d32',
  message: '#00796b',
  wait: '#e65100',
  waitForReply: '#6a1b9a',
  condition: '#1565c0',
  split: '#ad1457',
  end: '#455a64',
};

/** Width of every node; layout and the minimap use it before React Flow measures. */
export const NODE_WIDTH = 260;
