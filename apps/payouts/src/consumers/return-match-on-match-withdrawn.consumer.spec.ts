import { EventEnvelope, MatchWithdrawn } from '@lib/contracts';
import type { RefundsAfterClose } from '../services/refunds-after-close';
import { ReturnMatchOnMatchWithdrawn } from './return-match-on-match-withdrawn.consumer';

describe('ReturnMatchOnMatchWithdrawn', () => {
  it("hands the pledge's withdrawn match, fund by fund, to the refunds after the close", async () => {
    const afterClose = { matchWithdrawn: jest.fn(async () => undefined) };
    const byFund = [
      { fundId: 'f1', amount: 1250 },
      { fundId: 'f2', amount: 1 },
    ];
    await new ReturnMatchOnMatchWithdrawn(afterClose as unknown as RefundsAfterClose).handle({
      type: MatchWithdrawn.type,
      payload: { pledgeId: 'p1', campaignId: 'c1', currency: 'EUR', byFund, withdrawnAt: '2027-05-01T00:00:00.000Z' },
    } as unknown as EventEnvelope<never>);
    expect(afterClose.matchWithdrawn).toHaveBeenCalledWith({ pledgeId: 'p1', campaignId: 'c1', currency: 'EUR', byFund });
  });
});
