import type { Actor } from '@lib/platform';
import { FundNotFound, MatchingErrorCode } from '../matching.errors';
import type { FundEntity } from '../persistence/fund.entity';
import type { FundRepository } from '../persistence/fund.repository';
import { TopUpFundCommand, TopUpFundHandler } from './top-up-fund.command';

// The transaction is the platform's (e2e suites run it): here @Transactional is a pass-through.
jest.mock('@nestjs-cls/transactional', () => ({ ...jest.requireActual('@nestjs-cls/transactional'), Transactional: () => () => undefined }));

const owner = { id: 'funder-1' } as Actor;
const fund = (closedAt: Date | null = null) =>
  ({ id: 'f1', ownerId: 'funder-1', budgetAmount: 10_000, available: 4_000, reserved: 3_000, committed: 3_000, spent: 0, returned: 0, closedAt }) as FundEntity;

function build(stored: FundEntity | null) {
  const funds = {
    getForUpdate: jest.fn(async (id: string) => {
      if (!stored) throw new FundNotFound(id);
      return stored;
    }),
    updateBudget: jest.fn(async () => undefined),
  };
  return { handler: new TopUpFundHandler(funds as unknown as FundRepository), funds };
}

describe('TopUpFundHandler', () => {
  it('locks the fund and grows budget and available by the top-up', async () => {
    const { handler, funds } = build(fund());
    const out = await handler.execute(new TopUpFundCommand(owner, 'f1', 2_500));
    expect(funds.getForUpdate).toHaveBeenCalledWith('f1');
    expect(funds.updateBudget).toHaveBeenCalledWith('f1', 12_500, 6_500);
    expect(out).toMatchObject({ budgetAmount: 12_500, available: 6_500, reserved: 3_000 });
  });

  it('answers 404 for an unknown fund', async () => {
    const { handler, funds } = build(null);
    await expect(handler.execute(new TopUpFundCommand(owner, 'f9', 1))).rejects.toMatchObject({ code: MatchingErrorCode.FUND_NOT_FOUND, kind: 'not_found' });
    expect(funds.updateBudget).not.toHaveBeenCalled();
  });

  it('refuses another funder', async () => {
    const { handler, funds } = build(fund());
    await expect(handler.execute(new TopUpFundCommand({ id: 'funder-2' } as Actor, 'f1', 1))).rejects.toMatchObject({
      code: MatchingErrorCode.FUND_NOT_OWNER,
      kind: 'forbidden',
      message: 'Only the funder that owns this fund may top it up',
    });
    expect(funds.updateBudget).not.toHaveBeenCalled();
  });

  it('refuses a closed fund', async () => {
    const { handler, funds } = build(fund(new Date()));
    await expect(handler.execute(new TopUpFundCommand(owner, 'f1', 1))).rejects.toMatchObject({
      code: MatchingErrorCode.FUND_CLOSED,
      kind: 'conflict',
      message: 'The fund is closed',
    });
    expect(funds.updateBudget).not.toHaveBeenCalled();
  });
});
