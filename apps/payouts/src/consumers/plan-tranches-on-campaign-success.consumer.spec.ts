import { CampaignSucceeded, EventEnvelope, MatchFinalized } from '@lib/contracts';
import { InMemoryJoinStore } from '@lib/messaging';
import type { CampaignOutcomeRepository, PlanParts } from '../persistence/campaign-outcome.repository';
import type { EscrowRepository } from '../persistence/escrow.repository';
import type { FundViewRepository } from '../persistence/fund-view.repository';
import type { NewTranche, TranchePlanRepository } from '../persistence/tranche-plan.repository';
import { PlanTranchesOnCampaignSuccess } from './plan-tranches-on-campaign-success.consumer';
import type { RefundsAfterClose } from '../services/refunds-after-close';

const succeeded = {
  campaignId: 'c1',
  promoterId: 'p1',
  currency: 'EUR',
  goalAmount: 10_000,
  crowdAmount: 10_000,
  matchAmount: 3000,
  upfrontSharePct: 40,
  failedMilestonePolicy: 'refund_donor_share',
  milestones: [{ milestoneId: 'm1', payoutSharePct: 60, paymentRule: 'binary', minAchievementPct: null }],
};
const byFund = [
  { fundId: 'f1', funderId: 'u1', amount: 3000, sourceTags: [] },
  { fundId: 'f0', funderId: 'u0', amount: 0, sourceTags: [] },
];
const envelope = (type: string, payload: object) => ({ type, payload }) as unknown as EventEnvelope<never>;

function setup(crowdWithdrawn = 0) {
  // The join store in memory; crowdWithdrawn is always on the outcome row (not an event part).
  const store = new InMemoryJoinStore<PlanParts>();
  const read = store.read.bind(store);
  store.read = async (key) => {
    const r = await read(key);
    return { ...r, parts: { ...r.parts, crowdWithdrawn } };
  };
  const funds = { upsertFinalized: jest.fn(async () => undefined) };
  const tranches = { insert: jest.fn(async (_t: NewTranche) => undefined) };
  const escrow = { matchCommitted: jest.fn(async () => true) };
  const afterClose = { applyMatchWithdrawals: jest.fn(async () => undefined) };
  const consumer = new PlanTranchesOnCampaignSuccess(
    store as unknown as CampaignOutcomeRepository,
    funds as unknown as FundViewRepository,
    tranches as unknown as TranchePlanRepository,
    escrow as unknown as EscrowRepository,
    afterClose as unknown as RefundsAfterClose,
  );
  return { consumer, store, funds, tranches, escrow, afterClose };
}

describe('PlanTranchesOnCampaignSuccess', () => {
  it.each([
    ['campaign.succeeded first', [CampaignSucceeded.type, MatchFinalized.type]],
    ['match.finalized first', [MatchFinalized.type, CampaignSucceeded.type]],
  ])('waits for both facts and plans once, %s', async (_order, types) => {
    const { consumer, tranches, escrow, afterClose, store } = setup();
    const payload = (t: string) => (t === CampaignSucceeded.type ? succeeded : { campaignId: 'c1', byFund });
    await consumer.handle(envelope(types[0], payload(types[0])));
    expect(tranches.insert).not.toHaveBeenCalled();
    expect(afterClose.applyMatchWithdrawals).not.toHaveBeenCalled();
    await consumer.handle(envelope(types[1], payload(types[1])));
    expect(store.rows.get('c1')?.decided).toBe(true);
    expect(escrow.matchCommitted).toHaveBeenCalledTimes(1); // the fund with no match commits nothing
    expect(escrow.matchCommitted).toHaveBeenCalledWith('c1', 'f1', 3000, 'EUR');
    expect(tranches.insert.mock.calls.map(([t]) => [t.kind, t.status, t.donorShare, t.dueDonor, t.matchShares])).toEqual([
      ['upfront', 'eligible', 4000, 4000, [{ fundId: 'f1', amount: 1200, due: 1200 }]],
      ['milestone', 'planned', 6000, null, [{ fundId: 'f1', amount: 1800, due: null }]],
    ]);
    expect(tranches.insert.mock.calls[1][0]).toMatchObject({
      milestoneId: 'm1',
      paymentRule: 'binary',
      minAchievementPct: null,
      campaignId: 'c1',
      promoterId: 'p1',
    });
    expect(afterClose.applyMatchWithdrawals).toHaveBeenCalledTimes(1);

    // redeliveries and late duplicates decide nothing again
    await consumer.handle(envelope(CampaignSucceeded.type, succeeded));
    await consumer.handle(envelope(MatchFinalized.type, { campaignId: 'c1', byFund }));
    expect(tranches.insert).toHaveBeenCalledTimes(2);
    expect(afterClose.applyMatchWithdrawals).toHaveBeenCalledTimes(1);
  });

  it('splits the crowd less what refunds after the close took before the plan', async () => {
    const { consumer, tranches } = setup(1000);
    await consumer.handle(envelope(CampaignSucceeded.type, succeeded));
    await consumer.handle(envelope(MatchFinalized.type, { campaignId: 'c1', byFund }));
    expect(tranches.insert.mock.calls.map(([t]) => t.donorShare)).toEqual([3600, 5400]);
  });

  it("records every match.finalized's fund views, decided or not", async () => {
    const { consumer, funds } = setup();
    await consumer.handle(envelope(MatchFinalized.type, { campaignId: 'c1', byFund }));
    await consumer.handle(envelope(MatchFinalized.type, { campaignId: 'c1', byFund }));
    expect(funds.upsertFinalized).toHaveBeenCalledTimes(2);
    expect(funds.upsertFinalized).toHaveBeenCalledWith(byFund);
  });
});
