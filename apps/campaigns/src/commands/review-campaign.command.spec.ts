jest.mock('@nestjs-cls/transactional', () => ({
  ...jest.requireActual('@nestjs-cls/transactional'),
  Transactional: () => () => undefined,
}));

import type { Actor, Clock } from '@lib/platform';
import type { CallEntity } from '../persistence/call.entity';
import type { CallRepository } from '../persistence/call.repository';
import type { CampaignEntity } from '../persistence/campaign.entity';
import type { CampaignRepository } from '../persistence/campaign.repository';
import type { MilestoneRepository } from '../persistence/milestone.repository';
import { ReviewCampaignCommand, ReviewCampaignHandler } from './review-campaign.command';

const now = new Date('2027-02-01T10:00:00Z');
const promoter: Actor = { id: 'promoter-1', roles: ['promoter'] };
const funder: Actor = { id: 'funder-1', roles: ['funder'] };
const admin: Actor = { id: 'admin-1', roles: ['admin'] };

const campaignRow = (c: Partial<CampaignEntity>): CampaignEntity =>
  ({
    id: 'c1',
    promoterId: 'promoter-1',
    promoterName: null,
    callId: null,
    status: 'draft',
    title: 'T',
    summary: 's',
    description: 'd',
    area: 'Brera',
    category: 'social',
    promoterType: 'ets',
    goalAmount: 100_000,
    currency: 'EUR',
    fundingModel: 'all_or_nothing',
    startsAt: new Date('2027-03-01T00:00:00Z'),
    endsAt: new Date('2027-04-01T00:00:00Z'),
    cofinancingAmount: 0,
    upfrontSharePct: 100,
    failedMilestonePolicy: 'release_donor_share',
    milestones: [],
    statusReason: null,
    ...c,
  }) as CampaignEntity;

function setup(campaign: Partial<CampaignEntity>, call: Partial<CallEntity> | null = null, inCall = 0) {
  const row = campaignRow(campaign);
  const campaigns = {
    getForUpdate: jest.fn(async () => row),
    update: jest.fn(async () => undefined),
    publish: jest.fn(async () => undefined),
    countInCall: jest.fn(async () => inCall),
  };
  const milestones = { listOf: jest.fn(async () => []) };
  const calls = { getOrFail: jest.fn(async () => ({ id: 'k1', ownerId: 'funder-1', ...call }) as CallEntity) };
  const handler = new ReviewCampaignHandler(
    campaigns as unknown as CampaignRepository,
    milestones as unknown as MilestoneRepository,
    calls as unknown as CallRepository,
    { now: () => now } as Clock,
  );
  return { handler, campaigns };
}

describe('ReviewCampaignHandler', () => {
  it('submits a draft of its promoter (no call: nothing to check)', async () => {
    const { handler, campaigns } = setup({ status: 'draft' });
    await expect(handler.execute(new ReviewCampaignCommand(promoter, 'c1', 'submit'))).resolves.toMatchObject({ status: 'submitted' });
    expect(campaigns.update).toHaveBeenCalledWith('c1', { status: 'submitted' });
    expect(campaigns.publish).not.toHaveBeenCalled();
  });

  it('refuses a submit by anyone but the owner (403) and a second submit (409)', async () => {
    await expect(setup({}).handler.execute(new ReviewCampaignCommand(admin, 'c1', 'submit'))).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(setup({ status: 'submitted' }).handler.execute(new ReviewCampaignCommand(promoter, 'c1', 'submit'))).rejects.toMatchObject({
      code: 'CAMPAIGN_STATE_CONFLICT',
    });
  });

  it("refuses a submit the call's rules do not admit (422 with the reasons)", async () => {
    const call = {
      opensAt: new Date('2026-01-01T00:00:00Z'),
      closesAt: new Date('2026-06-01T00:00:00Z'),
      maxCampaigns: null,
      eligibleAreas: ['Brera'],
      categories: ['social'],
      promoterTypes: ['ets'],
      currency: 'EUR',
      minGoalAmount: 1,
      maxGoalAmount: 10_000_000,
      minCofinancingPct: {},
    };
    const { handler, campaigns } = setup({ callId: 'k1' }, call);
    await expect(handler.execute(new ReviewCampaignCommand(promoter, 'c1', 'submit'))).rejects.toMatchObject({ code: 'CAMPAIGN_NOT_ELIGIBLE' });
    expect(campaigns.update).not.toHaveBeenCalled();
  });

  it('rejects with a trimmed reason, and refuses a blank one', async () => {
    const { handler, campaigns } = setup({ status: 'submitted' });
    await expect(handler.execute(new ReviewCampaignCommand(admin, 'c1', 'reject', '  budget  '))).resolves.toMatchObject({
      status: 'rejected',
      statusReason: 'budget',
    });
    expect(campaigns.update).toHaveBeenCalledWith('c1', { status: 'rejected', statusReason: 'budget' });
    expect(campaigns.publish).not.toHaveBeenCalled();
    await expect(setup({ status: 'submitted' }).handler.execute(new ReviewCampaignCommand(admin, 'c1', 'reject', '  '))).rejects.toMatchObject({
      code: 'REJECT_REASON_REQUIRED',
    });
  });

  it("approves for the call's funder: scheduled before the start, published to the other services", async () => {
    const { handler, campaigns } = setup({ status: 'submitted', callId: 'k1' });
    await expect(handler.execute(new ReviewCampaignCommand(funder, 'c1', 'approve'))).resolves.toMatchObject({ status: 'scheduled', statusReason: null });
    expect(campaigns.publish).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'c1', status: 'scheduled', statusReason: null }),
      { id: 'k1', ownerId: 'funder-1' },
      now,
    );
    expect(campaigns.update).not.toHaveBeenCalled();
  });

  it('approves live once the start has passed', async () => {
    const { handler } = setup({ status: 'submitted', startsAt: new Date('2027-01-01T00:00:00Z') });
    await expect(handler.execute(new ReviewCampaignCommand(admin, 'c1', 'approve'))).resolves.toMatchObject({ status: 'live' });
  });

  it('refuses a review by a funder that does not own the call', async () => {
    const { handler, campaigns } = setup({ status: 'submitted', callId: 'k1' }, { ownerId: 'funder-2' });
    await expect(handler.execute(new ReviewCampaignCommand(funder, 'c1', 'approve'))).rejects.toMatchObject({ kind: 'forbidden' });
    expect(campaigns.publish).not.toHaveBeenCalled();
  });
});
