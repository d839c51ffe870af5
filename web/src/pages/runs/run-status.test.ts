import { describe, expect, it } from 'vitest';
import { canStopRun, contactsBehind, isRunFinished, runProgress } from './run-status';

describe('isRunFinished / canStopRun', () => {
  it('treats done, stopped and failed as final', () => {
    expect(['queued', 'running', 'done', 'stopped', 'failed'].map(isRunFinished)).toEqual([
      false,
      false,
      true,
      true,
      true,
    ]);
    expect(['queued', 'running', 'done', 'stopped', 'failed'].map(canStopRun)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});

describe('runProgress', () => {
  it('gives percentages of the total with one decimal', () => {
    expect(runProgress({ total: 3, processed: 1, launched: 2 })).toMatchObject({
      percent: 33.3,
      launchedPercent: 66.7,
    });
  });

  it('is 0 for an empty run and never above 100', () => {
    expect(runProgress({ total: 0, processed: 0, launched: 0 }).percent).toBe(0);
    expect(runProgress({ total: 2, processed: 3, launched: 3 }).percent).toBe(100);
  });

  it('says what the numbers are', () => {
    expect(runProgress({ total: 10, processed: 4, launched: 10 }).label).toMatch(
      /^4 of 10 contacts finished, 10 started$/,
    );
  });
});

describe('contactsBehind', () => {
  it('counts the live contacts on versions older than the newest saved one', () => {
    const run = { status: 'running', latestVersion: 3, counts: { byVersion: { '1': 4, '2': 1, '3': 5 } } };
    expect(contactsBehind(run)).toBe(5);
    expect(contactsBehind({ ...run, latestVersion: 1 })).toBe(0);
    expect(contactsBehind({ ...run, status: 'done' })).toBe(0);
  });
});
