import fc from 'fast-check';
import { reportingSources, splitBySource, splitFiguresBySource } from './source-split';

/** Random valid declared shares: 1..20 unique sources, integer bps ≥ 1, summing to exactly 10000. */
const declaredShares = fc
  .integer({ min: 1, max: 20 })
  .chain((n) =>
    fc.uniqueArray(fc.integer({ min: 1, max: 9_999 }), { minLength: n - 1, maxLength: n - 1 }).map((cuts) => [0, ...cuts.sort((a, b) => a - b), 10_000]),
  )
  .map((points) => points.slice(1).map((p, i) => ({ source: `S${i}`, shareBps: p - points[i] })));

describe('splitBySource (largest remainder to the cent)', () => {
  it('splits the ERDF 50 / national 35 / city 15 example exactly', () => {
    const shares = [{ shareBps: 5000 }, { shareBps: 3500 }, { shareBps: 1500 }];
    expect(splitBySource(50_000, shares)).toEqual([25_000, 17_500, 7_500]);
    // 1 cent: the largest remainder is ERDF's (0.5), then national's (0.35)
    expect(splitBySource(1, shares)).toEqual([1, 0, 0]);
    // 3 cents: exact 1.5 / 1.05 / 0.45 → floors 1/1/0, one cent left → largest remainder ERDF (.5)
    expect(splitBySource(3, shares)).toEqual([2, 1, 0]);
  });

  it('breaks ties by declared order (earlier first)', () => {
    expect(splitBySource(1, [{ shareBps: 5000 }, { shareBps: 5000 }])).toEqual([1, 0]);
    expect(splitBySource(2, [{ shareBps: 2500 }, { shareBps: 2500 }, { shareBps: 2500 }, { shareBps: 2500 }])).toEqual([1, 1, 0, 0]);
    expect(splitBySource(5, [{ shareBps: 3334 }, { shareBps: 3333 }, { shareBps: 3333 }])).toEqual([2, 2, 1]);
  });

  it('refuses a fractional amount and mirrors a negative one', () => {
    expect(() => splitBySource(10.5, [{ shareBps: 10_000 }])).toThrow(new RangeError('total must be an integer number of cents, got 10.5'));
    expect(splitBySource(-3, [{ shareBps: 5000 }, { shareBps: 3500 }, { shareBps: 1500 }])).toEqual([-2, -1, 0]);
  });

  it('property: the parts add up exactly to the total, each within one cent of its exact share, never negative', () => {
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), declaredShares, (total, shares) => {
        const parts = splitBySource(total, shares);
        expect(parts).toHaveLength(shares.length);
        expect(parts.reduce((a, b) => a + BigInt(b), 0n)).toBe(BigInt(total));
        parts.forEach((part, i) => {
          expect(Number.isSafeInteger(part)).toBe(true);
          expect(part).toBeGreaterThanOrEqual(0);
          // |part − total × bps / 10000| < 1, compared exactly: |part × 10000 − total × bps| < 10000
          const diff = BigInt(part) * 10_000n - BigInt(total) * BigInt(shares[i].shareBps);
          expect(diff < 0n ? -diff : diff).toBeLessThan(10_000n);
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('property: a source with a larger share never gets fewer cents', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1e12 }), declaredShares, (total, shares) => {
        const parts = splitBySource(total, shares);
        for (let i = 0; i < shares.length; i++) {
          for (let j = 0; j < shares.length; j++) if (shares[i].shareBps > shares[j].shareBps) expect(parts[i]).toBeGreaterThanOrEqual(parts[j]);
        }
      }),
    );
  });
});

describe('reportingSources', () => {
  it('uses the declared shares, in declared order', () => {
    expect(
      reportingSources(
        ['ERDF', 'national'],
        [
          { source: 'national', shareBps: 3000 },
          { source: 'ERDF', shareBps: 7000 },
        ],
      ),
    ).toEqual([
      { source: 'national', shareBps: 3000, declared: true },
      { source: 'ERDF', shareBps: 7000, declared: true },
    ]);
  });

  it('without declared shares reports the fund once: its only tag, or one undivided line — never once per tag', () => {
    expect(reportingSources(['municipal'], null)).toEqual([{ source: 'municipal', shareBps: 10_000, declared: false }]);
    expect(reportingSources(['ERDF', 'EU'], null)).toEqual([{ source: null, shareBps: 10_000, declared: false }]);
    expect(reportingSources([], undefined)).toEqual([{ source: null, shareBps: 10_000, declared: false }]);
    // an empty declaration is no declaration: the tags decide
    expect(reportingSources(['municipal'], [])).toEqual([{ source: 'municipal', shareBps: 10_000, declared: false }]);
  });
});

describe('splitFiguresBySource', () => {
  it('splits every figure on its own, each column adding up to the fund figure', () => {
    const sources = reportingSources(
      [],
      [
        { source: 'ERDF', shareBps: 5000 },
        { source: 'national', shareBps: 3500 },
        { source: 'city', shareBps: 1500 },
      ],
    );
    const rows = splitFiguresBySource({ committed: 50_001, spent: 3, returned: 0 }, sources);
    expect(rows.map((r) => [r.source, r.committed, r.spent, r.returned])).toEqual([
      ['ERDF', 25_001, 2, 0],
      ['national', 17_500, 1, 0],
      ['city', 7_500, 0, 0],
    ]);
  });

  it('property: for any figures, every column sums to the figure', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('available', 'reserved', 'committed', 'spent', 'returned'), fc.nat({ max: 1e13 })),
        declaredShares,
        (figures, shares) => {
          const rows = splitFiguresBySource(figures, reportingSources([], shares));
          for (const k of Object.keys(figures) as (keyof typeof figures)[]) expect(rows.reduce((a, r) => a + (r[k] as number), 0)).toBe(figures[k]);
        },
      ),
    );
  });
});
