import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { AttemptLog } from './attempt-log.js';
import { SandboxFaults } from './faults.js';

const kinds = (faults: SandboxFaults, to: string, n: number) =>
  Array.from({ length: n }, () => faults.take(to)?.kind ?? '-');

describe('SandboxFaults', () => {
  it('matches a phone in both address forms and leaves other phones alone', () => {
    const faults = new SandboxFaults();
    faults.add({ match: { to: 'whatsapp:+15551230001' }, effect: { kind: 'rateLimit' } });
    expect(faults.take('+15551230001')?.kind).toBe('rateLimit');
    expect(faults.take('whatsapp:+15551230001')?.kind).toBe('rateLimit');
    expect(faults.take('+15551230002')).toBeUndefined();
    expect(faults.list()[0]).toMatchObject({
      match: { to: '+15551230001' },
      matched: 2,
      hits: 2,
      times: null,
      spent: false,
    });
  });

  it('applies a rule `times` times, then falls through to the next rule', () => {
    const faults = new SandboxFaults();
    faults.add({ effect: { kind: 'error', code: 30007 }, times: 2 });
    faults.add({ effect: { kind: 'latency', ms: 5 } });
    expect(kinds(faults, '+15551230003', 4)).toEqual(['error', 'error', 'latency', 'latency']);
    const [first] = faults.list();
    expect(first).toMatchObject({ hits: 2, spent: true, effect: { kind: 'error', code: 30007, status: 400 } });
  });

  it('spreads a share evenly and deterministically', () => {
    const faults = new SandboxFaults();
    faults.add({ match: { share: 0.25 }, effect: { kind: 'rateLimit' } });
    expect(kinds(faults, '+15551230004', 8)).toEqual(['-', '-', '-', 'rateLimit', '-', '-', '-', 'rateLimit']);

    const tenth = new SandboxFaults();
    tenth.add({ match: { share: 0.1 }, effect: { kind: 'rateLimit' } });
    expect(kinds(tenth, '+15551230004', 100).filter((kind) => kind !== '-')).toHaveLength(10);
  });

  it('counts `times` in hits when combined with a share', () => {
    const faults = new SandboxFaults();
    faults.add({ match: { share: 0.5 }, effect: { kind: 'resetAfterRecord' }, times: 1 });
    expect(kinds(faults, '+15551230005', 5)).toEqual(['-', 'resetAfterRecord', '-', '-', '-']);
    expect(faults.list()[0]).toMatchObject({ matched: 2, hits: 1, spent: true });
  });

  it('fills defaults and rejects malformed rules', () => {
    const faults = new SandboxFaults();
    expect(faults.add({ effect: { kind: 'timeoutAfterRecord' } }).effect).toEqual({
      kind: 'timeoutAfterRecord',
      ms: 30_000,
    });
    expect(faults.add({ effect: { kind: 'serverErrorAfterRecord' } }).effect).toEqual({
      kind: 'serverErrorAfterRecord',
      status: 500,
    });
    const bad: unknown[] = [
      { effect: { kind: 'explode' } },
      { effect: { kind: 'serverErrorAfterRecord', status: 501 } },
      { match: { share: 0 }, effect: { kind: 'rateLimit' } },
      { match: { share: 1.5 }, effect: { kind: 'rateLimit' } },
      { match: { to: '555' }, effect: { kind: 'rateLimit' } },
      { effect: { kind: 'rateLimit' }, times: 0 },
      { effect: { kind: 'error' } },
    ];
    for (const rule of bad) expect(() => faults.add(rule as never)).toThrow(ZodError);
    expect(faults.list()).toHaveLength(2);
    expect(faults.remove(faults.list()[0]!.id)).toBe(true);
    expect(faults.clear()).toBe(1);
    expect(faults.take('+15551230006')).toBeUndefined();
  });
});

describe('AttemptLog', () => {
  it('orders by arrival even when requests finish out of order, and stays bounded', () => {
    const log = new AttemptLog(3);
    const first = log.arrive();
    const second = log.arrive();
    log.record(second, { to: '+15551230007', from: 'x', outcome: 'accepted', httpStatus: 201 });
    log.record(first, {
      to: 'whatsapp:+15551230007',
      from: 'x',
      outcome: 'error',
      httpStatus: 429,
      code: 20429,
      fault: 'rateLimit',
    });
    expect(log.list({ to: '+15551230007' }).map((a) => a.httpStatus)).toEqual([429, 201]);
    expect(log.list({ to: '+15551230008' })).toEqual([]);
    for (let i = 0; i < 10; i += 1)
      log.record(log.arrive(), { to: '+15551230009', from: 'x', outcome: 'accepted', httpStatus: 201, sid: `n${i}` });
    expect(log.list().map((a) => a.sid)).toEqual(['n7', 'n8', 'n9']);
    expect(log.clear()).toBe(3);
    expect(log.list()).toEqual([]);
  });
});
