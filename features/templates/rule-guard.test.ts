import { describe, expect, it } from 'vitest';
import { guardWithRules } from './rule-guard.js';
import type { TTemplateCheck, TTemplateIssue } from './template-check.js';

const approved: TTemplateCheck = { verdict: 'approve', issues: [], checker: 'openai', model: 'gpt-test' };
const injection: TTemplateIssue = {
  rule: 'prompt_injection',
  severity: 'error',
  message: 'instructions for the reviewer',
};
const shouting: TTemplateIssue = { rule: 'all_caps', severity: 'warning', message: 'shouting' };

describe('guardWithRules', () => {
  it('keeps the model verdict when the rules find no errors', () => {
    expect(guardWithRules(approved, { issues: [shouting] })).toBe(approved);
  });

  it('turns an approve into a reject when a rule error was missed, and says so', () => {
    const result = guardWithRules(approved, { issues: [injection, shouting] });
    expect(result).toMatchObject({ verdict: 'reject', issues: [injection], checker: 'openai', model: 'gpt-test' });
    expect(result.note).toContain('prompt_injection');
  });

  it('does not repeat an error the model already reported, but still rejects', () => {
    const softened: TTemplateCheck = {
      ...approved,
      verdict: 'needs_changes',
      issues: [{ ...injection, message: 'the model saw it' }],
    };
    expect(guardWithRules(softened, { issues: [injection] })).toMatchObject({
      verdict: 'reject',
      issues: [{ message: 'the model saw it' }],
    });
    const downgraded: TTemplateCheck = { ...approved, issues: [{ ...injection, severity: 'warning' }] };
    expect(guardWithRules(downgraded, { issues: [injection] }).issues).toHaveLength(2);
  });

  it('leaves a reject that already lists every rule error untouched', () => {
    const rejected: TTemplateCheck = { ...approved, verdict: 'reject', issues: [injection] };
    expect(guardWithRules(rejected, { issues: [injection] })).toBe(rejected);
  });
});
