import { describe, expect, it } from 'vitest';
import { MAX_JOURNEY_BYTES, MAX_JOURNEY_NODES } from './constants.js';
import { rawNode } from './fixtures.js';
import { journeyBytes, journeySizeIssues } from './journey-size.js';

const withNodes = (n: number, body = 'hi') => ({
  name: 'j',
  nodes: Array.from({ length: n }, (_, i) => rawNode(`m${i}`, 'message', { channel: 'sms', body })),
  edges: [],
  sendPolicy: {},
});

describe('journeySizeIssues', () => {
  it('names the nodes field and its limit past 250 nodes, and accepts 250', () => {
    expect(journeySizeIssues(withNodes(MAX_JOURNEY_NODES))).toEqual([]);
    expect(journeySizeIssues(withNodes(MAX_JOURNEY_NODES + 1))).toStrictEqual([
      { path: 'nodes', message: 'the journey has 251 nodes; the limit is 250', limit: 250 },
    ]);
  });

  it('counts the bytes of the journey as JSON, in UTF-8, against 256 KiB', () => {
    // 200 messages of 1,600 two-byte characters: within the node limit, over the byte limit.
    const big = withNodes(200, 'é'.repeat(1600));
    const bytes = journeyBytes(big);
    expect(bytes).toBeGreaterThan(200 * 3200);
    expect(journeySizeIssues(big)).toStrictEqual([
      {
        path: '',
        message: `the journey is ${bytes} bytes as JSON; the limit is ${MAX_JOURNEY_BYTES} bytes`,
        limit: MAX_JOURNEY_BYTES,
      },
    ]);
    expect(journeySizeIssues(withNodes(100, 'x'.repeat(1600)))).toEqual([]);
  });
});
