import { formatDuration, formatMs, SIGNIFICANCE_LEVEL, type TJourneyGoal } from '../../../../core/index.js';

/** A rate as a percentage with one decimal, "—" when there is nothing to divide. */
export function percentText(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** A p-value as people read it: three significant digits, "< 0.001" below that. */
export function pValueText(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toPrecision(2)}`;
}

const TEST_NAMES: Record<string, string> = {
  z: 'two-proportion z-test',
  chi_square: 'chi-square test',
  fisher: 'Fisher’s exact test',
};

/** The name of the test the API ran. */
export function testName(test: string): string {
  return TEST_NAMES[test] ?? test;
}

/** The verdict on a split in plain words, from its p-value and the test the API chose. */
export function significanceWords(split: {
  type: 'split' | 'condition';
  test: string | null;
  pValue: number | null;
}): string {
  if (split.type === 'condition') return 'Not tested: a condition’s branches hold different contacts by design';
  if (split.test === null || split.pValue === null) return 'No test yet: it needs a goal and contacts in two branches';
  const level = `${Math.round(SIGNIFICANCE_LEVEL * 100)}%`;
  const verdict = split.pValue < SIGNIFICANCE_LEVEL ? `Significant at ${level}` : 'Not yet significant';
  return `${verdict} (${pValueText(split.pValue)}, ${testName(split.test)})`;
}

/** A time to reply: seconds with one decimal under a minute, then words ("3 minutes"). */
export function secondsText(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  return formatMs(Math.round(seconds) * 1000);
}

const MATCH_WORDS: Record<string, string> = {
  equals: 'is exactly',
  contains: 'contains',
  regex: 'matches',
  payload: 'has the button payload',
};

/** The goal in words: "A reply that contains “buy”, within 7 days". */
export function goalText(goal: TJourneyGoal | null): string {
  if (goal === null) return 'No goal: set one in the journey builder to count conversions';
  const window = formatDuration(goal.window);
  if (goal.kind === 'event') return `The event “${goal.event}” within ${window} of the start`;
  if (goal.match === 'any') return `Any reply within ${window} of the start`;
  return `A reply that ${MATCH_WORDS[goal.match] ?? goal.match} “${goal.value ?? ''}”, within ${window} of the start`;
}
