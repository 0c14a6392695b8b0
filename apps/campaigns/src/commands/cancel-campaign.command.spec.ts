jest.mock('@nestjs-cls/transactional', () => ({
  ...jest.requireActual('@nestjs-cls/transactional'),
  Transactional: () => () => undefined,
}));

import type { Actor, Clock } from '@lib/platform';
import type { CampaignEntity } from '../persistence/campaign.entity';
import type { CampaignRepository } from '../persistence/campaign.repository';
import { CancelCampaignCommand, CancelCampaignHandler } from './cancel-campaign.command';

const now = new Date('2027-02-01T10:00:00Z');
const promoter: Actor = { id: 'promoter-1', roles: ['promoter'] } as Actor;
const admin: Actor = { id: 'admin-1', roles: ['admin'] } as Actor;

function setup(campaign: Partial<CampaignEntity>) {
  const row = { id: 'c1', promoterId: 'promoter-1', status: 'draft', confirmedPledges: 0, statusReason: null, ...campaign } as CampaignEntity;
  const campaigns = { getForUpdate: jest.fn(async () => row), cancel: jest.fn(async () => undefined) };
  const clock: Clock = { now: () => now } as Clock;
  const handler = new CancelCampaignHandler(campaigns as unknown as CampaignRepository, clock);
  return { handler, campaigns, row };
}

describe('CancelCampaignHandler', () => {
  it.each(['draft', 'submitted', 'rejected', 'scheduled', 'live'])(
    'cancels a %s campaign of its promoter, as loaded (the repository announces a published one)',
    async (status) => {
      const { handler, campaigns, row } = setup({ status: status as CampaignEntity['status'] });
      const result = await handler.execute(new CancelCampaignCommand(promoter, 'c1', 'changed plans'));
      expect(result.status).toBe('cancelled');
      expect(result.statusReason).toBe('changed plans');
      expect(campaigns.cancel).toHaveBeenCalledWith(row, 'changed plans', now);
      expect(row.status).toBe(status); // the repository sees the status before the cancellation
    },
  );

  it('refuses another promoter (403)', async () => {
    const { handler, campaigns } = setup({ promoterId: 'someone-else' });
    await expect(handler.execute(new CancelCampaignCommand(promoter, 'c1', 'x'))).rejects.toMatchObject({ kind: 'forbidden' });
    expect(campaigns.cancel).not.toHaveBeenCalled();
  });

  it.each(['succeeded', 'failed', 'cancelled', 'in_delivery', 'completed'])('refuses a %s campaign, even for an admin', async (status) => {
    const { handler, campaigns } = setup({ status: status as CampaignEntity['status'] });
    await expect(handler.execute(new CancelCampaignCommand(admin, 'c1', 'x'))).rejects.toMatchObject({ code: 'CAMPAIGN_STATE_CONFLICT' });
    expect(campaigns.cancel).not.toHaveBeenCalled();
  });

  it('refuses the promoter once a pledge is confirmed; an admin may still cancel', async () => {
    const refused = setup({ status: 'live', confirmedPledges: 1 });
    await expect(refused.handler.execute(new CancelCampaignCommand(promoter, 'c1', 'x'))).rejects.toMatchObject({ code: 'CAMPAIGN_HAS_PLEDGES' });
    const allowed = setup({ status: 'live', confirmedPledges: 1, promoterId: 'someone-else' });
    await expect(allowed.handler.execute(new CancelCampaignCommand(admin, 'c1', 'x'))).resolves.toMatchObject({ status: 'cancelled' });
  });
});
