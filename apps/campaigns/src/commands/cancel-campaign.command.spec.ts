jest.mock('@nestjs-cls/transactional', () => ({
  ...jest.requireActual('@nestjs-cls/transactional'),
  Transactional: () => () => undefined,
}));

import { CampaignCancelled } from '@lib/contracts';
import type { OutboxWriter } from '@lib/messaging';
import type { Actor, Clock } from '@lib/platform';
import type { CampaignEntity } from '../persistence/campaign.entity';
import type { CampaignRepository } from '../persistence/campaign.repository';
import { CancelCampaignCommand, CancelCampaignHandler } from './cancel-campaign.command';

const now = new Date('2027-02-01T10:00:00Z');
const promoter: Actor = { id: 'promoter-1', roles: ['promoter'] } as Actor;
const admin: Actor = { id: 'admin-1', roles: ['admin'] } as Actor;

function setup(campaign: Partial<CampaignEntity>) {
  const row = { id: 'c1', promoterId: 'promoter-1', status: 'draft', confirmedPledges: 0, statusReason: null, ...campaign } as CampaignEntity;
  const campaigns = { getForUpdate: jest.fn(async () => row), update: jest.fn(async () => undefined) };
  const outbox = { append: jest.fn(async () => undefined) };
  const clock: Clock = { now: () => now } as Clock;
  const handler = new CancelCampaignHandler(campaigns as unknown as CampaignRepository, outbox as unknown as OutboxWriter, clock);
  return { handler, campaigns, outbox };
}

describe('CancelCampaignHandler', () => {
  it('cancels a draft of its promoter without an event (never published)', async () => {
    const { handler, campaigns, outbox } = setup({ status: 'draft' });
    const result = await handler.execute(new CancelCampaignCommand(promoter, 'c1', 'changed plans'));
    expect(result.status).toBe('cancelled');
    expect(result.statusReason).toBe('changed plans');
    expect(campaigns.update).toHaveBeenCalledWith('c1', { status: 'cancelled', statusReason: 'changed plans', closedAt: now });
    expect(outbox.append).not.toHaveBeenCalled();
  });

  it.each(['scheduled', 'live'])('announces the cancellation of a published (%s) campaign', async (status) => {
    const { handler, outbox } = setup({ status: status as CampaignEntity['status'] });
    await handler.execute(new CancelCampaignCommand(promoter, 'c1', 'venue lost'));
    expect(outbox.append).toHaveBeenCalledWith({ contract: CampaignCancelled, aggregateId: 'c1', payload: { campaignId: 'c1', reason: 'venue lost' } });
  });

  it('refuses another promoter (403)', async () => {
    const { handler, campaigns } = setup({ promoterId: 'someone-else' });
    await expect(handler.execute(new CancelCampaignCommand(promoter, 'c1', 'x'))).rejects.toMatchObject({ kind: 'forbidden' });
    expect(campaigns.update).not.toHaveBeenCalled();
  });

  it.each(['succeeded', 'failed', 'cancelled', 'in_delivery', 'completed'])('refuses a %s campaign, even for an admin', async (status) => {
    const { handler } = setup({ status: status as CampaignEntity['status'] });
    await expect(handler.execute(new CancelCampaignCommand(admin, 'c1', 'x'))).rejects.toMatchObject({ code: 'CAMPAIGN_STATE_CONFLICT' });
  });

  it('refuses the promoter once a pledge is confirmed; an admin may still cancel', async () => {
    const refused = setup({ status: 'live', confirmedPledges: 1 });
    await expect(refused.handler.execute(new CancelCampaignCommand(promoter, 'c1', 'x'))).rejects.toMatchObject({ code: 'CAMPAIGN_HAS_PLEDGES' });
    const allowed = setup({ status: 'live', confirmedPledges: 1, promoterId: 'someone-else' });
    await expect(allowed.handler.execute(new CancelCampaignCommand(admin, 'c1', 'x'))).resolves.toMatchObject({ status: 'cancelled' });
  });
});
