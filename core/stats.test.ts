import { describe, expect, it } from 'vitest';
import {
  chiSquareIndependence,
  chiSquareSurvival,
  compareProportions,
  fisherExact,
  lnGamma,
  normalCdf,
  twoProportionZTest,
} from './stats.js';

// Expected values, computed outside this code:
// - from R's own documentation examples, where R prints them: ?prop.test (smokers
//   c(83, 90, 129, 70) of c(86, 93, 136, 82): X-squared = 12.6, df = 3, p-value = 0.005585),
//   ?chisq.test (M = rbind(c(762, 327, 468), c(484, 239, 477)): X-squared = 30.07, df = 2,
//   p-value = 2.954e-07) and ?fisher.test (TeaTasting, matrix(c(3, 1, 1, 3), 2):
//   p-value = 0.4857);
// - the rest with SciPy 1.17.1, whose tests agree with R's: stats.chi2_contingency(table,
//   correction=False) is prop.test(x, n, correct = FALSE) and chisq.test(table), and
//   stats.fisher_exact is fisher.test (same two-sided rule and 1e-7 tolerance); and with
//   mpmath 1.3.0 at 30 digits for Φ (mpmath.ncdf), the chi-square tail
//   (mpmath.gammainc(df/2, x/2, inf, regularized=True)) and ln Γ (mpmath.loggamma).
// Closeness is asked to 12 significant digits or better (toBeCloseTo counts decimals, so
// small values are compared by their ratio).

function expectRelative(actual: number, expected: number, digits = 12): void {
  expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThan(10 ** -digits);
}

describe('lnGamma', () => {
  it.each([
    [0.1, 2.252712651734206],
    [0.5, 0.5723649429247001],
    [10.5, 13.940625219403763],
    [100, 359.1342053695754],
    [1e5, 1051287.7089736569],
  ])('ln Γ(%d)', (x, expected) => expectRelative(lnGamma(x), expected));

  it('is 0 at 1 and refuses x <= 0', () => {
    expect(lnGamma(1)).toBeCloseTo(0, 14);
    expect(() => lnGamma(0)).toThrow(RangeError);
  });
});

describe('normalCdf', () => {
  it.each([
    [0, 0.5],
    [1.96, 0.9750021048517795],
    [-1.96, 0.024997895148220435],
    [3, 0.9986501019683699],
    [-5, 2.866515718791939e-7],
    // Far in the tail, where 1 - Φ(10) would round to 0: kept to full relative precision.
    [-10, 7.619853024160525e-24],
  ])('Φ(%d)', (z, expected) => expectRelative(normalCdf(z), expected));
});

describe('chiSquareSurvival', () => {
  it.each([
    [3.841458820694124, 1, 0.05000000000000006],
    [30.07, 2, 2.9538093752232096e-7],
    [12.6, 3, 0.005586546097302397],
    [0.5, 4, 0.9735009788392561],
    [100, 10, 5.4497019829205295e-17],
    [1e-3, 1, 0.9747728793699604],
  ])('P(X >= %d) with %d degrees of freedom', (x, df, expected) => expectRelative(chiSquareSurvival(x, df), expected));

  it('is 1 at 0', () => expect(chiSquareSurvival(0, 3)).toBe(1));
});

describe('twoProportionZTest', () => {
  it.each([
    // x1, n1, x2, n2, z, p
    [30, 200, 50, 200, -2.5, 0.012419330651552265],
    [120, 1000, 150, 1000, -1.963049807622355, 0.04964038686536878],
    [83, 86, 90, 93, -0.09751163391198005, 0.9223200957342685],
  ])('%d/%d against %d/%d', (x1, n1, x2, n2, z, p) => {
    const result = twoProportionZTest({ converted: x1, contacts: n1 }, { converted: x2, contacts: n2 });
    expectRelative(result.z, z, 11);
    expectRelative(result.pValue, p, 11);
  });

  it('is the chi-square test of the same 2×2 table (z² is X-squared)', () => {
    const a = { converted: 120, contacts: 1000 };
    const b = { converted: 150, contacts: 1000 };
    const chi = chiSquareIndependence([a, b]);
    expectRelative(chi.statistic, 3.8535645472061657);
    expectRelative(twoProportionZTest(a, b).pValue, chi.pValue, 11);
  });

  it('has nothing to test when neither or both groups convert throughout', () => {
    expect(twoProportionZTest({ converted: 0, contacts: 10 }, { converted: 0, contacts: 10 }).pValue).toBeNaN();
    expect(twoProportionZTest({ converted: 5, contacts: 5 }, { converted: 9, contacts: 9 }).pValue).toBeNaN();
  });
});

describe('chiSquareIndependence', () => {
  it("matches ?prop.test's smokers: X-squared = 12.6, df = 3, p-value = 0.005585", () => {
    const smokers = [83, 90, 129, 70];
    const patients = [86, 93, 136, 82];
    const result = chiSquareIndependence(smokers.map((converted, i) => ({ converted, contacts: patients[i] ?? 0 })));
    expect(result.df).toBe(3);
    expectRelative(result.statistic, 12.600411297127634);
    expectRelative(result.pValue, 0.005585476661627036, 11);
    expect(result.pValue.toPrecision(4)).toBe('0.005585');
  });

  it("matches ?chisq.test's M: X-squared = 30.07, df = 2, p-value = 2.954e-07", () => {
    // The 2×3 table read by column: each party is a group, "female" its conversions.
    const result = chiSquareIndependence([
      { converted: 762, contacts: 762 + 484 },
      { converted: 327, contacts: 327 + 239 },
      { converted: 468, contacts: 468 + 477 },
    ]);
    expect(result.df).toBe(2);
    expectRelative(result.statistic, 30.070149095754676);
    expectRelative(result.pValue, 2.9535891832117537e-7, 11);
    expect(result.pValue.toPrecision(4)).toBe('2.954e-7');
  });

  it('is NaN when an expected count is 0', () => {
    expect(
      chiSquareIndependence([
        { converted: 0, contacts: 4 },
        { converted: 0, contacts: 5 },
        { converted: 0, contacts: 6 },
      ]).pValue,
    ).toBeNaN();
  });
});

describe('fisherExact', () => {
  it("matches ?fisher.test's TeaTasting: p-value = 0.4857", () => {
    const p = fisherExact({ converted: 3, contacts: 4 }, { converted: 1, contacts: 4 });
    expectRelative(p, 0.48571428571428565);
    expect(p.toPrecision(4)).toBe('0.4857');
  });

  it.each([
    // a converted, a not, b converted, b not, p (SciPy's fisher_exact)
    [1, 9, 11, 3, 0.0027594561852200836],
    [0, 10, 3, 7, 0.21052631578947367],
    [2, 48, 9, 41, 0.05112093374568651],
  ])('[[%d, %d], [%d, %d]]', (a, b, c, d, expected) => {
    expectRelative(fisherExact({ converted: a, contacts: a + b }, { converted: c, contacts: c + d }), expected, 10);
  });

  it('keeps 8 digits on large groups with few conversions, the case the z-test must not be trusted with', () => {
    // ln Γ of 200,001 is about 2.2e6: its last bits limit the probabilities' precision.
    const p = fisherExact({ converted: 1, contacts: 100_000 }, { converted: 7, contacts: 100_000 });
    expectRelative(p, 0.07030703126361694, 8);
  });

  it('is 1 when only one table has those margins', () => {
    expect(fisherExact({ converted: 0, contacts: 5 }, { converted: 0, contacts: 5 })).toBe(1);
  });
});

describe('compareProportions', () => {
  it('uses the z-test for two groups with every expected count at least 5', () => {
    const result = compareProportions([
      { converted: 30, contacts: 200 },
      { converted: 50, contacts: 200 },
    ]);
    expect(result).toMatchObject({ test: 'z', statistic: -2.5 });
    expectRelative(result?.pValue ?? 0, 0.012419330651552265, 11);
  });

  it("falls back to Fisher's exact test for two groups when an expected count is below 5", () => {
    // Expected conversions: 4 per group.
    expect(
      compareProportions([
        { converted: 2, contacts: 50 },
        { converted: 6, contacts: 50 },
      ])?.test,
    ).toBe('fisher');
    expect(
      compareProportions([
        { converted: 3, contacts: 4 },
        { converted: 1, contacts: 4 },
      ]),
    ).toEqual({ test: 'fisher', pValue: fisherExact({ converted: 3, contacts: 4 }, { converted: 1, contacts: 4 }) });
  });

  it('uses the chi-square test for more than two groups', () => {
    const result = compareProportions([
      { converted: 10, contacts: 100 },
      { converted: 20, contacts: 100 },
      { converted: 30, contacts: 100 },
    ]);
    expect(result).toMatchObject({ test: 'chi_square', df: 2 });
    expectRelative(result?.statistic ?? 0, 12.5);
    expectRelative(result?.pValue ?? 0, 0.0019304541362277095, 11);
  });

  it('leaves out groups without contacts and answers nothing below two groups', () => {
    expect(
      compareProportions([
        { converted: 0, contacts: 0 },
        { converted: 3, contacts: 10 },
      ]),
    ).toBeUndefined();
    expect(
      compareProportions([
        { converted: 3, contacts: 4 },
        { converted: 0, contacts: 0 },
        { converted: 1, contacts: 4 },
      ])?.test,
    ).toBe('fisher');
    expect(
      compareProportions([
        { converted: 0, contacts: 3 },
        { converted: 0, contacts: 3 },
        { converted: 0, contacts: 3 },
      ]),
    ).toBeUndefined();
  });

  it('refuses counts that are not a proportion', () => {
    expect(() => compareProportions([{ converted: 3, contacts: 2 }])).toThrow(RangeError);
  });
});
