jest.mock('@nestjs-cls/transactional', () => ({
  ...jest.requireActual('@nestjs-cls/transactional'),
  Transactional: () => () => undefined,
}));

import type { Actor, Clock } from '@lib/platform';
import type { CampaignEntity } from '../persistence/campaign.entity';
import type { CampaignRepository } from '../persistence/campaign.repository';
import { PostUpdateCommand, PostUpdateHandler } from './post-update.command';

const now = new Date('2027-03-02T09:00:00Z');
const promoter: Actor = { id: 'promoter-1', roles: ['promoter'] };

function setup(status: CampaignEntity['status'], promoterId = 'promoter-1') {
  const campaigns = { get: jest.fn(async () => ({ id: 'c1', promoterId, status }) as CampaignEntity), addUpdate: jest.fn(async () => undefined) };
  return { handler: new PostUpdateHandler(campaigns as unknown as CampaignRepository, { now: () => now } as Clock), campaigns };
}

describe('PostUpdateHandler', () => {
  it('posts a news item on a published campaign of its promoter', async () => {
    const { handler, campaigns } = setup('live');
    const update = await handler.execute(new PostUpdateCommand(promoter, 'c1', { title: 'Open', body: 'We opened' }));
    expect(update).toMatchObject({ campaignId: 'c1', title: 'Open', body: 'We opened', createdAt: now });
    expect(campaigns.addUpdate).toHaveBeenCalledWith({ ...update, authorId: 'promoter-1' });
  });

  it('refuses another person (403) and an unpublished campaign (409)', async () => {
    await expect(setup('live', 'other').handler.execute(new PostUpdateCommand(promoter, 'c1', { title: 't', body: 'b' }))).rejects.toMatchObject({
      kind: 'forbidden',
    });
    for (const status of ['draft', 'submitted', 'rejected'] as const) {
      await expect(setup(status).handler.execute(new PostUpdateCommand(promoter, 'c1', { title: 't', body: 'b' }))).rejects.toMatchObject({
        code: 'CAMPAIGN_NOT_PUBLISHED',
      });
    }
  });
});
