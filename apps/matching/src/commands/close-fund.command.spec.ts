import type { Actor } from '@lib/platform';
import { FundNotFound, MatchingErrorCode } from '../matching.errors';
import type { FundEntity } from '../persistence/fund.entity';
import type { FundRepository } from '../persistence/fund.repository';
import { CloseFundCommand, CloseFundHandler } from './close-fund.command';

// The transaction is the platform's (e2e suites run it): here @Transactional is a pass-through.
jest.mock('@nestjs-cls/transactional', () => ({ ...jest.requireActual('@nestjs-cls/transactional'), Transactional: () => () => undefined }));

const owner = { id: 'funder-1' } as Actor;
const fund = (closedAt: Date | null = null) => ({ id: 'f1', ownerId: 'funder-1', budgetAmount: 10_000, available: 4_000, returned: 0, closedAt }) as FundEntity;

function build(stored: FundEntity | null) {
  const closed = { ...fund(new Date()), available: 0, returned: 4_000 };
  const funds = {
    getForUpdate: jest.fn(async (id: string) => {
      if (!stored) throw new FundNotFound(id);
      return stored;
    }),
    close: jest.fn(async () => closed),
  };
  return { handler: new CloseFundHandler(funds as unknown as FundRepository), funds, closed };
}

describe('CloseFundHandler', () => {
  it('locks the fund, closes it and answers it as it is now', async () => {
    const { handler, funds, closed } = build(fund());
    expect(await handler.execute(new CloseFundCommand(owner, 'f1'))).toBe(closed);
    expect(funds.getForUpdate).toHaveBeenCalledWith('f1');
    expect(funds.close).toHaveBeenCalledWith('f1');
  });

  it('answers 404 for an unknown fund', async () => {
    const { handler, funds } = build(null);
    await expect(handler.execute(new CloseFundCommand(owner, 'f9'))).rejects.toMatchObject({ code: MatchingErrorCode.FUND_NOT_FOUND });
    expect(funds.close).not.toHaveBeenCalled();
  });

  it('refuses another funder', async () => {
    const { handler, funds } = build(fund());
    await expect(handler.execute(new CloseFundCommand({ id: 'funder-2' } as Actor, 'f1'))).rejects.toMatchObject({
      code: MatchingErrorCode.FUND_NOT_OWNER,
      kind: 'forbidden',
      message: 'Only the funder that owns this fund may close it',
    });
    expect(funds.close).not.toHaveBeenCalled();
  });

  it('refuses a second close (not idempotent: 409)', async () => {
    const { handler, funds } = build(fund(new Date()));
    await expect(handler.execute(new CloseFundCommand(owner, 'f1'))).rejects.toMatchObject({
      code: MatchingErrorCode.FUND_CLOSED,
      kind: 'conflict',
      message: 'The fund is already closed',
    });
    expect(funds.close).not.toHaveBeenCalled();
  });
});
