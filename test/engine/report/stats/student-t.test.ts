import assert from 'node:assert/strict';
import { getIncompleteBeta, getStudentTCdf, getStudentTQuantile } from '../../../../engine/report/stats/student-t.js';

const close = (actual: number, expected: number, tolerance: number) => assert.ok(Math.abs(actual - expected) < tolerance, `${actual} is not ${expected} ± ${tolerance}`);

describe('Student t', () => {
  it('matches tabulated two-sided 95 % and one-sided 95 % quantiles', () => {
    // Values from any t table (R: qt(0.975, df)).
    for (const [df, t] of [[1, 12.706205], [2, 4.302653], [4, 2.776445], [9, 2.262157], [19, 2.093024], [30, 2.042272], [1000, 1.962339]]) {
      close(getStudentTQuantile(0.975, df), t, 1e-5);
    }
    close(getStudentTQuantile(0.95, 4), 2.131847, 1e-5);
    close(getStudentTQuantile(0.025, 4), -2.776445, 1e-5);
  });

  it('has a CDF symmetric about 0 and a regularized incomplete beta with the known closed forms', () => {
    close(getStudentTCdf(0, 7), 0.5, 1e-12);
    close(getStudentTCdf(1, 1), 0.75, 1e-10); // Cauchy: 1/2 + atan(1)/π
    close(getStudentTCdf(-2, 5) + getStudentTCdf(2, 5), 1, 1e-12);
    close(getIncompleteBeta(0.3, 1, 1), 0.3, 1e-12);
    close(getIncompleteBeta(0.3, 2, 1), 0.09, 1e-12);
  });

  it('returns NaN where no quantile exists (one seed: 0 degrees of freedom)', () => {
    assert.ok(Number.isNaN(getStudentTQuantile(0.975, 0)));
    assert.ok(Number.isNaN(getStudentTQuantile(1, 4)));
  });
});
