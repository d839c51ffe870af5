/**
 * What the workflow bundle holds. The Temporal worker evaluates the bundle's modules again
 * for every new workflow (each gets fresh module state), so each package in it costs CPU
 * per contact: zod alone was a third of the bundle. Workflow code imports only the
 * Temporal SDK, core/'s pure maths and the few small libraries listed here. re2js (reply
 * matching in linear time) is the big one: workflow code loads it on demand, only to match
 * a regex branch.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';

const ALLOWED = [
  '@temporalio/common',
  '@temporalio/workflow',
  'nexus-rpc',
  'long',
  'ms',
  '@date-fns/tz',
  'tinyduration',
  're2js',
];

describe('the workflow bundle', () => {
  it('holds no package beyond the Temporal SDK and the pure libraries core uses (no zod)', () => {
    const code = readFileSync(inject('workflowBundlePath'), 'utf8');
    const packages = new Set(
      [...code.matchAll(/"\.\/node_modules\/((?:@[^/"]+\/)?[^/"]+)\//g)].map((match) => match[1]),
    );
    expect(packages.size).toBeGreaterThan(0);
    expect([...packages].filter((name) => !ALLOWED.includes(name!))).toEqual([]);
  });
});
