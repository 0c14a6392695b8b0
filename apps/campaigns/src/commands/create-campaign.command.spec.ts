jest.mock('@nestjs-cls/transactional', () => ({
  ...jest.requireActual('@nestjs-cls/transactional'),
  Transactional: () => () => undefined,
}));

import type { Actor } from '@lib/platform';
import type { CallRepository } from '../persistence/call.repository';
import type { CampaignRepository } from '../persistence/campaign.repository';
import { CreateCampaignCommand, CreateCampaignHandler, CreateCampaignInput, MilestoneInput } from './create-campaign.command';

const promoter: Actor = { id: 'promoter-1', roles: ['promoter'] };
const milestone: MilestoneInput = {
  title: 'Desk open',
  indicator: 'households',
  unit: 'households',
  baseline: 0,
  target: 120,
  dueAt: '2027-09-01T00:00:00Z',
  payoutSharePct: 80,
  paymentRule: 'proportional',
};
const input: CreateCampaignInput = {
  title: 'Concierge',
  summary: 's',
  description: 'd',
  area: 'Brera',
  category: 'social',
  promoterType: 'ets',
  goalAmount: 100_000,
  currency: 'EUR',
  fundingModel: 'all_or_nothing',
  startsAt: '2027-03-01T00:00:00Z',
  endsAt: '2027-04-01T00:00:00Z',
  cofinancingAmount: 0,
  upfrontSharePct: 20,
  failedMilestonePolicy: 'release_donor_share',
  milestones: [milestone],
};

function setup(callExists = true) {
  const campaigns = { create: jest.fn(async (c: unknown) => c) };
  const calls = { exists: jest.fn(async () => callExists) };
  return { handler: new CreateCampaignHandler(campaigns as unknown as CampaignRepository, calls as unknown as CallRepository), campaigns, calls };
}

describe('CreateCampaignHandler', () => {
  it('drafts the campaign with its milestones pending, in plan order', async () => {
    const { handler, campaigns } = setup();
    await handler.execute(new CreateCampaignCommand(promoter, input));
    const created = campaigns.create.mock.calls[0][0] as { id: string; milestones: { campaignId: string }[] };
    expect(created).toMatchObject({ promoterId: 'promoter-1', promoterName: null, callId: null, status: 'draft', startsAt: new Date(input.startsAt) });
    expect(created.milestones).toEqual([
      expect.objectContaining({ campaignId: created.id, position: 0, status: 'pending', minAchievementPct: null, dueAt: new Date(milestone.dueAt) }),
    ]);
  });

  it('refuses an end not after the start, shares not summing to 100, and target = baseline', async () => {
    const { handler, campaigns } = setup();
    await expect(handler.execute(new CreateCampaignCommand(promoter, { ...input, endsAt: input.startsAt }))).rejects.toMatchObject({ code: 'CALL_INVALID' });
    await expect(handler.execute(new CreateCampaignCommand(promoter, { ...input, upfrontSharePct: 21 }))).rejects.toMatchObject({
      code: 'CAMPAIGN_SHARES_NOT_100',
    });
    await expect(handler.execute(new CreateCampaignCommand(promoter, { ...input, milestones: [{ ...milestone, target: 0 }] }))).rejects.toMatchObject({
      code: 'MILESTONE_TARGET_EQUALS_BASELINE',
      message: expect.stringContaining('milestones[0]'),
    });
    expect(campaigns.create).not.toHaveBeenCalled();
  });

  it('refuses an unknown call (404) and accepts a known one', async () => {
    await expect(setup(false).handler.execute(new CreateCampaignCommand(promoter, { ...input, callId: 'k1' }))).rejects.toMatchObject({ kind: 'not_found' });
    const { handler, campaigns } = setup(true);
    await handler.execute(new CreateCampaignCommand(promoter, { ...input, callId: 'k1' }));
    expect(campaigns.create).toHaveBeenCalledWith(expect.objectContaining({ callId: 'k1' }));
  });
});
