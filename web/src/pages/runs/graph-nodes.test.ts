import { describe, expect, it } from 'vitest';
import { nodeNamer, nodeOptions, phoneSearchPrefix } from './graph-nodes';

describe('nodeOptions', () => {
  it('uses the label, else the type and id, and skips malformed nodes', () => {
    const options = nodeOptions([
      { id: 'start', type: 'start', data: {} },
      { id: 'm', type: 'message', data: { label: ' Ask ' } },
      { type: 'end' },
      null,
    ]);
    expect(options).toEqual([
      { id: 'start', label: 'Start (start)' },
      { id: 'm', label: 'Ask' },
    ]);
    expect(nodeNamer(options)('m')).toBe('Ask');
    expect(nodeNamer(options)('gone')).toBe('gone');
  });
});

describe('phoneSearchPrefix', () => {
  it('keeps digits behind a plus', () => {
    expect(phoneSearchPrefix('+44 7911')).toBe('+447911');
    expect(phoneSearchPrefix('(415) 555')).toBe('+415555');
    expect(phoneSearchPrefix('  ')).toBe('');
  });
});
