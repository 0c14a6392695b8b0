import { EventEnvelope, MilestoneExpired, MilestoneFailed, MilestoneVerified } from '@lib/contracts';
import type { Clock } from '@lib/platform';
import type { CampaignOutcomeRepository } from '../persistence/campaign-outcome.repository';
import type { EscrowRepository } from '../persistence/escrow.repository';
import type { Tranche, TrancheRepository } from '../persistence/tranche.repository';
import { SettleTrancheOnMilestoneOutcome } from './settle-tranche-on-milestone-outcome.consumer';

const now = new Date('2027-09-01T10:00:00.000Z');
const at = now.toISOString();
const event = (type: string, achievementBps?: number) =>
  ({ type, payload: { milestoneId: 'm1', campaignId: 'c1', achievementBps } }) as unknown as EventEnvelope<never>;

function setup(t: Partial<Tranche> | null, policy = 'refund_donor_share') {
  const tranche =
    t &&
    ({ id: 't1', campaignId: 'c1', currency: 'EUR', status: 'planned', paymentRule: 'binary', minAchievementPct: null, donorShare: 5001, ...t } as Tranche);
  const calls: string[] = [];
  const log =
    <T>(name: string, result?: T) =>
    async (...args: unknown[]) => (calls.push(`${name} ${JSON.stringify(args)}`), result as T);
  const tranches = {
    findByMilestoneForUpdate: jest.fn(log('findByMilestoneForUpdate', tranche)),
    matchShares: jest.fn(async () => [
      { fundId: 'f1', amount: 1801 },
      { fundId: 'f2', amount: 1000 },
    ]),
    setShareDue: jest.fn(log('setShareDue')),
    settle: jest.fn(log('settle')),
  };
  const outcomes = { failedMilestonePolicy: jest.fn(async () => policy), reportIfSettled: jest.fn(log('reportIfSettled', true)) };
  const escrow = { forfeitDonorShare: jest.fn(log('forfeitDonorShare')), returnForfeitedMatch: jest.fn(log('returnForfeitedMatch')) };
  const consumer = new SettleTrancheOnMilestoneOutcome(
    tranches as unknown as TrancheRepository,
    outcomes as unknown as CampaignOutcomeRepository,
    escrow as unknown as EscrowRepository,
    { now: () => now } as Clock,
  );
  return { consumer, calls, outcomes };
}
const returned = (fundId: string, amount: number, why: string) =>
  `returnForfeitedMatch [{"trancheId":"t1","campaignId":"c1","fundId":"${fundId}","amount":${amount},"currency":"EUR","reason":"milestone m1: ${why}"},"${at}"]`;

describe('SettleTrancheOnMilestoneOutcome', () => {
  it('a fully verified binary milestone makes the whole tranche due, forfeiting nothing', async () => {
    const { consumer, calls } = setup({});
    await consumer.handle(event(MilestoneVerified.type, 10_000));
    expect(calls).toEqual([
      'findByMilestoneForUpdate ["m1"]',
      'setShareDue ["t1","f1",1801]',
      'setShareDue ["t1","f2",1000]',
      'settle ["t1","eligible",5001,10000]',
    ]);
  });

  it('a partly achieved proportional milestone earns its share to the cent; the rest goes back (refund policy)', async () => {
    const { consumer, calls } = setup({ paymentRule: 'proportional', minAchievementPct: 50 });
    await consumer.handle(event(MilestoneVerified.type, 6000));
    expect(calls.slice(1)).toEqual([
      `forfeitDonorShare [{"trancheId":"t1","campaignId":"c1","amount":2001,"currency":"EUR","reason":"milestone m1 not fully achieved (6000 bps)"},"${at}"]`,
      'setShareDue ["t1","f1",1080]',
      returned('f1', 721, `${MilestoneVerified.type}, 6000 bps achieved`),
      'setShareDue ["t1","f2",600]',
      returned('f2', 400, `${MilestoneVerified.type}, 6000 bps achieved`),
      'settle ["t1","eligible",3000,6000]',
    ]);
  });

  it('a binary milestone verified below 100% earns nothing: forfeited, and the campaign may report settled', async () => {
    const { consumer, calls } = setup({});
    await consumer.handle(event(MilestoneVerified.type, 9999));
    expect(calls.slice(-2)).toEqual(['settle ["t1","forfeited",0,9999]', 'reportIfSettled ["c1"]']);
  });

  it.each([MilestoneFailed.type, MilestoneExpired.type])('%s forfeits it all: donors refunded, each fund its share back', async (type) => {
    const { consumer, calls } = setup({ paymentRule: 'proportional' });
    await consumer.handle(event(type, 8000)); // whatever it carries, a failure achieves nothing
    expect(calls.slice(1)).toEqual([
      `forfeitDonorShare [{"trancheId":"t1","campaignId":"c1","amount":5001,"currency":"EUR","reason":"milestone m1 not fully achieved (0 bps)"},"${at}"]`,
      'setShareDue ["t1","f1",0]',
      returned('f1', 1801, `${type}, 0 bps achieved`),
      'setShareDue ["t1","f2",0]',
      returned('f2', 1000, `${type}, 0 bps achieved`),
      'settle ["t1","forfeited",0,0]',
      'reportIfSettled ["c1"]',
    ]);
  });

  it("under release_donor_share a failure still pays the donors' share, returning only the match", async () => {
    const { consumer, calls } = setup({}, 'release_donor_share');
    await consumer.handle(event(MilestoneFailed.type));
    expect(calls.some((c) => c.startsWith('forfeitDonorShare'))).toBe(false);
    expect(calls.filter((c) => c.startsWith('returnForfeitedMatch'))).toHaveLength(2);
    expect(calls[calls.length - 1]).toBe('settle ["t1","eligible",5001,0]');
  });

  it.each(['eligible', 'forfeited', 'paid'])('changes nothing for a tranche already %s (a repeated outcome)', async (status) => {
    const { consumer, calls, outcomes } = setup({ status });
    await consumer.handle(event(MilestoneFailed.type));
    expect(calls).toEqual(['findByMilestoneForUpdate ["m1"]']);
    expect(outcomes.failedMilestonePolicy).not.toHaveBeenCalled();
  });

  it('is retried while the tranche is not planned yet', async () => {
    const { consumer, calls } = setup(null);
    await expect(consumer.handle(event(MilestoneVerified.type, 10_000))).rejects.toThrow('no tranche planned yet for milestone m1');
    expect(calls).toEqual(['findByMilestoneForUpdate ["m1"]']);
  });
});
