import { EventEnvelope, FundingClosed } from '@lib/contracts';
import type { MatchFinalization } from '../services/match-finalization';
import { FinalizeMatchOnFundingClosed } from './finalize-match-on-funding-closed.consumer';

describe('FinalizeMatchOnFundingClosed', () => {
  it("hands the close's figures to the finalization as they came, and waits for it", async () => {
    let finished = false;
    const finalization = {
      fundingClosed: jest.fn(async () => {
        await new Promise((resolve) => setImmediate(resolve));
        finished = true;
      }),
    };
    const payload = { campaignId: 'c1', currency: 'EUR', crowdAmount: 12_345, backers: 2, donors: [], closedAt: '2027-04-01T00:00:00.000Z' };
    await new FinalizeMatchOnFundingClosed(finalization as unknown as MatchFinalization).handle({
      type: FundingClosed.type,
      payload,
    } as unknown as EventEnvelope<never>);
    expect(finalization.fundingClosed).toHaveBeenCalledWith(payload);
    expect(finished).toBe(true);
  });
});
