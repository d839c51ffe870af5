// Tests of whether conversion rates differ between the branches of a split.
//
// Hand-written: no statistics package is installed (jStat, @stdlib and simple-statistics are
// not dependencies, and a new one needs asking), and what is needed is small: the log-gamma
// function, the regularized upper incomplete gamma function (which gives both the normal
// and the chi-square tails) and the hypergeometric probabilities of Fisher's test. The
// routines are the classic ones (Lanczos' log-gamma, Numerical Recipes' series and
// continued fraction for the incomplete gamma), accurate to about 1e-14 relative, far below
// what a p-value shown with two or three digits needs. core/stats.test.ts checks them
// against values from R and SciPy.

/** A branch's contacts and how many of them converted. */
export interface TProportion {
  contacts: number;
  converted: number;
}

export type TProportionTest = 'z' | 'chi_square' | 'fisher';

/** The test chosen for a set of branches and what it found. */
export interface TComparison {
  test: TProportionTest;
  /** z for the z-test, X-squared for the chi-square test; absent for Fisher's exact test. */
  statistic?: number;
  /** Degrees of freedom of the chi-square test. */
  df?: number;
  pValue: number;
}

// Lanczos approximation, g = 7, n = 9 (the coefficients Numerical Recipes 3rd ed. and
// most libraries use); relative error below 1e-15 for x > 0.
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
export function lnGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`lnGamma needs x > 0, got ${x}`);
  if (x < 0.5) {
    // Reflection: Γ(x) Γ(1 - x) = π / sin(πx).
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  }
  const z = x - 1;
  let sum = LANCZOS[0] as number;
  for (let i = 1; i < LANCZOS.length; i++) sum += (LANCZOS[i] as number) / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

const EPS = 1e-16;
const TINY = 1e-300;
const MAX_ITERATIONS = 10_000;

/** P(a, x) by its series, for x < a + 1. */
function gammaPSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - lnGamma(a));
}

/** Q(a, x) by its continued fraction (modified Lentz), for x >= a + 1. */
function gammaQFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - lnGamma(a)) * h;
}

/** The regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a), for a > 0, x >= 0. */
export function regularizedGammaQ(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) throw new RangeError(`regularizedGammaQ needs a > 0 and x >= 0, got ${a}, ${x}`);
  if (x === 0) return 1;
  return x < a + 1 ? 1 - gammaPSeries(a, x) : gammaQFraction(a, x);
}

/**
 * Φ(z), the standard normal CDF. Through erfc(t) = Q(1/2, t²), so the tails keep their
 * relative precision instead of being 1 minus something close to 1.
 */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  const tail = 0.5 * regularizedGammaQ(0.5, (z * z) / 2);
  return z < 0 ? tail : 1 - tail;
}

/** P(X >= x) for X chi-square distributed with `df` degrees of freedom. */
export function chiSquareSurvival(x: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`chiSquareSurvival needs df > 0, got ${df}`);
  if (x <= 0) return 1;
  return regularizedGammaQ(df / 2, x / 2);
}

function checkGroups(groups: readonly TProportion[]): void {
  for (const g of groups) {
    if (!Number.isInteger(g.contacts) || !Number.isInteger(g.converted) || g.converted < 0 || g.converted > g.contacts)
      throw new RangeError(`not a proportion: ${g.converted} of ${g.contacts}`);
  }
}

/**
 * The two-sided two-proportion z-test with the pooled proportion, as R's
 * `prop.test(x, n, correct = FALSE)` (whose X-squared is z²). NaN when both rates are 0 or
 * both 1: there is no variance to test against.
 */
export function twoProportionZTest(a: TProportion, b: TProportion): { z: number; pValue: number } {
  checkGroups([a, b]);
  if (a.contacts === 0 || b.contacts === 0) return { z: Number.NaN, pValue: Number.NaN };
  const p1 = a.converted / a.contacts;
  const p2 = b.converted / b.contacts;
  const pooled = (a.converted + b.converted) / (a.contacts + b.contacts);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.contacts + 1 / b.contacts));
  if (se === 0) return { z: Number.NaN, pValue: Number.NaN };
  const z = (p1 - p2) / se;
  return { z, pValue: 2 * normalCdf(-Math.abs(z)) };
}

/** Expected counts of the k×2 table (converted, not converted) under independence. */
export function expectedCounts(groups: readonly TProportion[]): Array<[number, number]> {
  const total = groups.reduce((s, g) => s + g.contacts, 0);
  const converted = groups.reduce((s, g) => s + g.converted, 0);
  return groups.map((g) =>
    total === 0 ? [0, 0] : [(g.contacts * converted) / total, (g.contacts * (total - converted)) / total],
  );
}

/**
 * Pearson's chi-square test of independence on the k×2 table (converted, not converted),
 * as R's `chisq.test(table)` for k > 2 (no continuity correction) and `prop.test(x, n)`.
 * NaN when an expected count is 0 (no conversions at all, or nothing but conversions).
 */
export function chiSquareIndependence(groups: readonly TProportion[]): {
  statistic: number;
  df: number;
  pValue: number;
} {
  checkGroups(groups);
  const df = groups.length - 1;
  const expected = expectedCounts(groups);
  let statistic = 0;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i] as TProportion;
    const [e1, e2] = expected[i] as [number, number];
    if (e1 === 0 || e2 === 0) return { statistic: Number.NaN, df, pValue: Number.NaN };
    statistic += (g.converted - e1) ** 2 / e1 + (g.contacts - g.converted - e2) ** 2 / e2;
  }
  return { statistic, df, pValue: df > 0 ? chiSquareSurvival(statistic, df) : Number.NaN };
}

/** ln C(n, k). */
function lnChoose(n: number, k: number): number {
  return lnGamma(n + 1) - lnGamma(k + 1) - lnGamma(n - k + 1);
}

/**
 * Fisher's exact test, two-sided, on the 2×2 table of two groups' conversions: the sum of
 * the probabilities of every table with the same margins that is no more likely than the
 * one observed, as R's `fisher.test` (and SciPy's) compute it, with the same relative
 * tolerance of 1e-7 so that ties in floating point count as ties.
 */
export function fisherExact(a: TProportion, b: TProportion): number {
  checkGroups([a, b]);
  const n1 = a.contacts;
  const n2 = b.contacts;
  const k = a.converted + b.converted;
  const total = n1 + n2;
  const lo = Math.max(0, k - n2);
  const hi = Math.min(k, n1);
  if (lo === hi) return 1;
  const lnDenominator = lnChoose(total, k);
  const lnP = (x: number) => lnChoose(n1, x) + lnChoose(n2, k - x) - lnDenominator;
  const observed = lnP(a.converted);
  const limit = observed + Math.log1p(1e-7);
  let p = 0;
  for (let x = lo; x <= hi; x++) {
    const lx = lnP(x);
    if (lx <= limit) p += Math.exp(lx);
  }
  return Math.min(1, p);
}

/** Below this expected count, the z-test's normal approximation is not trusted for two groups. */
export const MIN_EXPECTED_COUNT = 5;

/**
 * Whether the conversion rates of the groups differ: for two groups the pooled z-test, or
 * Fisher's exact test when an expected count of the 2×2 table is below 5; for more, the
 * chi-square test of independence on the k×2 table. Groups without contacts are left out;
 * undefined when fewer than two groups remain or the test has nothing to measure (no
 * conversions at all in more than two groups, or every contact converted).
 */
export function compareProportions(groups: readonly TProportion[]): TComparison | undefined {
  checkGroups(groups);
  const present = groups.filter((g) => g.contacts > 0);
  if (present.length < 2) return undefined;
  if (present.length === 2) {
    const [a, b] = present as [TProportion, TProportion];
    const small = expectedCounts(present).some(([e1, e2]) => e1 < MIN_EXPECTED_COUNT || e2 < MIN_EXPECTED_COUNT);
    if (small) return { test: 'fisher', pValue: fisherExact(a, b) };
    const { z, pValue } = twoProportionZTest(a, b);
    return { test: 'z', statistic: z, pValue };
  }
  const chi = chiSquareIndependence(present);
  if (Number.isNaN(chi.pValue)) return undefined;
  return { test: 'chi_square', statistic: chi.statistic, df: chi.df, pValue: chi.pValue };
}

/** The significance level the dashboard's words use. */
export const SIGNIFICANCE_LEVEL = 0.05;
