import { ContractRegistry } from '../registry';
import { MatchFinalized } from './match-finalized.v1';
import { sourceSharesProblem } from './source-shares.v1';

const ok = [
  { source: 'ERDF', shareBps: 5000 },
  { source: 'national', shareBps: 3500 },
  { source: 'city', shareBps: 1500 },
];

describe('sourceSharesProblem', () => {
  it('accepts shares summing to exactly 10000 with unique sources', () => {
    expect(sourceSharesProblem(ok)).toBeNull();
    expect(sourceSharesProblem([{ source: 'municipal', shareBps: 10_000 }])).toBeNull();
  });

  it.each([
    ['not an array', { ERDF: 5000 }, 'FUND_SOURCE_SHARES_INVALID'],
    ['empty', [], 'FUND_SOURCE_SHARES_EMPTY'],
    ['21 sources', Array.from({ length: 21 }, (_, i) => ({ source: `s${i}`, shareBps: i === 0 ? 8000 : 100 })), 'FUND_SOURCE_SHARES_TOO_MANY'],
    ['a null entry', [null], 'FUND_SOURCE_SHARES_INVALID'],
    ['an empty source', [{ source: ' ', shareBps: 10_000 }], 'FUND_SOURCE_NAME_INVALID'],
    ['a source of 51 characters', [{ source: 'x'.repeat(51), shareBps: 10_000 }], 'FUND_SOURCE_NAME_INVALID'],
    [
      'a fractional share',
      [
        { source: 'a', shareBps: 5000.5 },
        { source: 'b', shareBps: 4999.5 },
      ],
      'FUND_SOURCE_SHARE_INVALID',
    ],
    ['a share as a string', [{ source: 'a', shareBps: '10000' }], 'FUND_SOURCE_SHARE_INVALID'],
    [
      'a zero share',
      [
        { source: 'a', shareBps: 10_000 },
        { source: 'b', shareBps: 0 },
      ],
      'FUND_SOURCE_SHARE_INVALID',
    ],
    [
      'a negative share',
      [
        { source: 'a', shareBps: 10_500 },
        { source: 'b', shareBps: -500 },
      ],
      'FUND_SOURCE_SHARE_INVALID',
    ],
    ['a share above 10000', [{ source: 'a', shareBps: 10_001 }], 'FUND_SOURCE_SHARE_INVALID'],
    [
      'a duplicate source',
      [
        { source: 'ERDF', shareBps: 5000 },
        { source: 'ERDF', shareBps: 5000 },
      ],
      'FUND_SOURCE_DUPLICATE',
    ],
    [
      'a sum of 9999',
      [
        { source: 'a', shareBps: 5000 },
        { source: 'b', shareBps: 4999 },
      ],
      'FUND_SOURCE_SHARES_SUM',
    ],
    [
      'a sum of 10001',
      [
        { source: 'a', shareBps: 5001 },
        { source: 'b', shareBps: 5000 },
      ],
      'FUND_SOURCE_SHARES_SUM',
    ],
  ])('refuses %s', (_what, shares, code) => {
    expect(sourceSharesProblem(shares)?.code).toBe(code);
  });
});

describe('match.finalized v1 at the consumer', () => {
  const registry = new ContractRegistry([MatchFinalized]);
  const envelope = (sourceShares: unknown) => ({
    id: '0b8a3f5e-8d0c-4c39-9d55-7a1f0a2b1c01',
    type: 'match.finalized',
    schemaVersion: 1,
    occurredAt: new Date().toISOString(),
    producer: 'matching',
    aggregateType: 'campaign-match',
    aggregateId: '0b8a3f5e-8d0c-4c39-9d55-7a1f0a2b1c02',
    correlationId: '0b8a3f5e-8d0c-4c39-9d55-7a1f0a2b1c03',
    causationId: null,
    payload: {
      campaignId: '0b8a3f5e-8d0c-4c39-9d55-7a1f0a2b1c02',
      currency: 'EUR',
      matchAmount: 100,
      byFund: [
        {
          fundId: '0b8a3f5e-8d0c-4c39-9d55-7a1f0a2b1c04',
          funderId: 'f',
          amount: 100,
          sourceTags: ['ERDF', 'national', 'city'],
          ...(sourceShares === undefined ? {} : { sourceShares }),
        },
      ],
    },
  });

  it('takes valid shares, and events without them (older producers)', () => {
    expect((registry.parse(envelope(ok)).payload as { byFund: { sourceShares: unknown }[] }).byFund[0].sourceShares).toEqual(ok);
    expect(() => registry.parse(envelope(undefined))).not.toThrow();
    expect(() => registry.parse(envelope(null))).not.toThrow();
  });

  it('refuses shares that do not sum to 10000, duplicates, or bad entries', () => {
    expect(() =>
      registry.parse(
        envelope([
          { source: 'ERDF', shareBps: 5000 },
          { source: 'EU', shareBps: 4000 },
        ]),
      ),
    ).toThrow(/sourceShares/);
    expect(() =>
      registry.parse(
        envelope([
          { source: 'ERDF', shareBps: 5000 },
          { source: 'ERDF', shareBps: 5000 },
        ]),
      ),
    ).toThrow(/twice/);
    expect(() => registry.parse(envelope([{ source: 'ERDF', shareBps: 10_000.5 }]))).toThrow(/sourceShares/);
    expect(() => registry.parse(envelope([]))).toThrow(/sourceShares/);
  });
});
