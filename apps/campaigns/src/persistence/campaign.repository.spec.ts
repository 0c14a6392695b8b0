import type { OutboxWriter } from '@lib/messaging';
import type { Tx } from '@lib/platform';
import type { CampaignEntity } from './campaign.entity';
import { CampaignRepository } from './campaign.repository';
import type { MilestoneEntity } from './milestone.entity';

const now = new Date('2027-04-01T00:05:00.000Z');
const campaign = {
  id: 'c1',
  callId: 'k1',
  promoterId: 'p1',
  promoterName: null,
  promoterType: 'ets',
  title: 'Portineria di quartiere',
  area: 'Corvetto',
  category: 'social',
  goalAmount: 100_000,
  currency: 'EUR',
  fundingModel: 'all_or_nothing',
  startsAt: new Date('2027-03-01T00:00:00.000Z'),
  endsAt: new Date('2027-04-01T00:00:00.000Z'),
  upfrontSharePct: 40,
  failedMilestonePolicy: 'release_donor_share',
  status: 'live',
} as CampaignEntity;
const milestone = { id: 'm1', payoutSharePct: 60, paymentRule: 'proportional', minAchievementPct: 50, baseline: 0, target: 10 } as MilestoneEntity;

/** The repository over a recording TypeORM repository and outbox: each write and the event it carries. */
function build() {
  const update = jest.fn(async () => undefined);
  const outbox = { append: jest.fn(async (_event: { payload: unknown }) => undefined) };
  const txHost = { tx: { getRepository: () => ({ update }) } } as unknown as Tx;
  return { repo: new CampaignRepository(txHost, outbox as unknown as OutboxWriter), update, append: outbox.append };
}

describe('CampaignRepository writes with their events', () => {
  it('publish stores the approved status and announces campaign.published with the call owner', async () => {
    const { repo, update, append } = build();
    await repo.publish({ ...campaign, status: 'scheduled' }, { id: 'k1', ownerId: 'f1' } as never, now);
    expect(update).toHaveBeenCalledWith({ id: 'c1' }, { status: 'scheduled', statusReason: null });
    expect(append).toHaveBeenCalledWith({
      contract: expect.objectContaining({ type: 'campaign.published' }),
      aggregateId: 'c1',
      occurredAt: now,
      payload: {
        campaignId: 'c1',
        callId: 'k1',
        callOwnerId: 'f1',
        title: 'Portineria di quartiere',
        promoterId: 'p1',
        promoterType: 'ets',
        area: 'Corvetto',
        category: 'social',
        goalAmount: 100_000,
        currency: 'EUR',
        fundingModel: 'all_or_nothing',
        startsAt: '2027-03-01T00:00:00.000Z',
        endsAt: '2027-04-01T00:00:00.000Z',
      },
    });
    const standalone = build();
    await standalone.repo.publish({ ...campaign, callId: null, promoterName: 'ETS Corvetto' }, null, now);
    const payload = standalone.append.mock.calls[0][0].payload as Record<string, unknown>;
    expect(payload).not.toHaveProperty('callOwnerId');
    expect(payload).toMatchObject({ callId: null, promoterName: 'ETS Corvetto' });
  });

  it.each([
    ['scheduled', true],
    ['live', true],
    ['draft', false],
    ['submitted', false],
    ['rejected', false],
  ] as const)('cancel of a %s campaign: stored, announced only if published (%s)', async (status, announced) => {
    const { repo, update, append } = build();
    await repo.cancel({ ...campaign, status }, 'venue lost', now);
    expect(update).toHaveBeenCalledWith({ id: 'c1' }, { status: 'cancelled', statusReason: 'venue lost', closedAt: now });
    if (announced)
      expect(append).toHaveBeenCalledWith({
        contract: expect.objectContaining({ type: 'campaign.cancelled' }),
        aggregateId: 'c1',
        payload: { campaignId: 'c1', reason: 'venue lost' },
      });
    else expect(append).not.toHaveBeenCalled();
  });

  it('close on success: into delivery with the final match, campaign.succeeded carries the payout plan', async () => {
    const { repo, update, append } = build();
    await repo.close(campaign, { outcome: 'succeeded', reason: 'goal reached', crowdAmount: 60_000, matchAmount: 40_000 }, [milestone], now);
    expect(update).toHaveBeenCalledWith({ id: 'c1' }, { status: 'in_delivery', statusReason: 'goal reached', closedAt: now, matchedAmount: 40_000 });
    expect(append).toHaveBeenCalledWith({
      contract: expect.objectContaining({ type: 'campaign.succeeded' }),
      aggregateId: 'c1',
      occurredAt: now,
      payload: {
        campaignId: 'c1',
        promoterId: 'p1',
        currency: 'EUR',
        goalAmount: 100_000,
        crowdAmount: 60_000,
        matchAmount: 40_000,
        upfrontSharePct: 40,
        failedMilestonePolicy: 'release_donor_share',
        milestones: [{ milestoneId: 'm1', payoutSharePct: 60, paymentRule: 'proportional', minAchievementPct: 50, baseline: 0, target: 10 }],
      },
    });
  });

  it('close: a success without milestones is completed; a failure is failed with campaign.failed', async () => {
    const done = build();
    await done.repo.close(campaign, { outcome: 'succeeded', reason: 'r', crowdAmount: 100_000, matchAmount: 0 }, [], now);
    expect(done.update).toHaveBeenCalledWith({ id: 'c1' }, expect.objectContaining({ status: 'completed' }));
    const failed = build();
    await failed.repo.close(campaign, { outcome: 'failed', reason: 'short', crowdAmount: 1_000, matchAmount: 500 }, [milestone], now);
    expect(failed.update).toHaveBeenCalledWith({ id: 'c1' }, { status: 'failed', statusReason: 'short', closedAt: now, matchedAmount: 500 });
    expect(failed.append).toHaveBeenCalledWith({
      contract: expect.objectContaining({ type: 'campaign.failed' }),
      aggregateId: 'c1',
      occurredAt: now,
      payload: { campaignId: 'c1', crowdAmount: 1_000, matchAmount: 500, goalAmount: 100_000, reason: 'short' },
    });
  });
});
