import type { Actor } from '@lib/platform';
import { MatchingErrorCode } from '../matching.errors';
import type { FundEntity } from '../persistence/fund.entity';
import type { FundRepository } from '../persistence/fund.repository';
import { CreateFundCommand, CreateFundHandler, CreateFundInput, fundSources } from './create-fund.command';

// The transaction is the platform's (e2e suites run it): here @Transactional is a pass-through.
jest.mock('@nestjs-cls/transactional', () => ({ ...jest.requireActual('@nestjs-cls/transactional'), Transactional: () => () => undefined }));

const funder = { id: 'funder-1', roles: ['funder'] } as unknown as Actor;
const base: CreateFundInput = { name: 'Comune di Milano', currency: 'EUR', budgetAmount: 5_000_000 };

function build() {
  const funds = { create: jest.fn(async (f: Omit<FundEntity, 'createdAt' | 'closedAt'>) => ({ ...f, createdAt: new Date(0), closedAt: null }) as FundEntity) };
  return { handler: new CreateFundHandler(funds as unknown as FundRepository), funds };
}

describe('CreateFundHandler', () => {
  it('creates the fund owned by the caller with its whole budget available', async () => {
    const { handler, funds } = build();
    const fund = await handler.execute(new CreateFundCommand(funder, { ...base, sourceTags: ['municipal', 'ESF+', 'municipal'] }));
    expect(funds.create).toHaveBeenCalledTimes(1);
    expect(funds.create.mock.calls[0][0]).toEqual({
      id: expect.any(String),
      ownerId: 'funder-1',
      name: 'Comune di Milano',
      currency: 'EUR',
      sourceTags: ['municipal', 'ESF+'],
      sourceShares: null,
      budgetAmount: 5_000_000,
      available: 5_000_000,
      reserved: 0,
      committed: 0,
      spent: 0,
      returned: 0,
    });
    expect(fund.ownerId).toBe('funder-1');
  });

  it('refuses invalid shares with their own code and creates nothing', async () => {
    const { handler, funds } = build();
    await expect(handler.execute(new CreateFundCommand(funder, { ...base, sourceShares: [{ source: 'ERDF', shareBps: 9_999 }] }))).rejects.toMatchObject({
      code: MatchingErrorCode.FUND_SOURCE_SHARES_SUM,
      kind: 'invalid',
    });
    expect(funds.create).not.toHaveBeenCalled();
  });
});

describe('fundSources', () => {
  const shares = [
    { source: 'ERDF', shareBps: 5_000 },
    { source: 'city', shareBps: 5_000 },
  ];

  it('without shares: the tags deduplicated (none given: none), no split; null shares count as none', () => {
    expect(fundSources({ sourceTags: ['a', 'b', 'a'] })).toEqual({ sourceTags: ['a', 'b'], sourceShares: null });
    expect(fundSources({})).toEqual({ sourceTags: [], sourceShares: null });
    expect(fundSources({ sourceTags: ['a'], sourceShares: null })).toEqual({ sourceTags: ['a'], sourceShares: null });
  });

  it('with shares: the tags are the sources in declared order, extra fields dropped', () => {
    expect(fundSources({ sourceShares: [{ source: 'ERDF', shareBps: 5_000, note: 'x' } as never, shares[1]] })).toEqual({
      sourceTags: ['ERDF', 'city'],
      sourceShares: shares,
    });
    expect(fundSources({ sourceTags: ['city', 'ERDF'], sourceShares: shares })).toEqual({ sourceTags: ['ERDF', 'city'], sourceShares: shares });
  });

  it('refuses tags that do not name exactly the declared sources', () => {
    const mismatch = {
      code: MatchingErrorCode.FUND_SOURCE_TAGS_MISMATCH,
      kind: 'invalid',
      message: 'sourceTags, when given with sourceShares, must name exactly the declared sources',
    };
    expect(() => fundSources({ sourceTags: ['ERDF'], sourceShares: shares })).toThrow(expect.objectContaining(mismatch));
    expect(() => fundSources({ sourceTags: ['ERDF', 'national'], sourceShares: shares })).toThrow(expect.objectContaining(mismatch));
    expect(() => fundSources({ sourceTags: ['ERDF', 'city', 'national'], sourceShares: shares })).toThrow(expect.objectContaining(mismatch));
    expect(() => fundSources({ sourceTags: [], sourceShares: shares })).toThrow(expect.objectContaining(mismatch));
  });
});
