import { CampaignPublished, EventEnvelope } from '@lib/contracts';
import type { CampaignRepository } from '../persistence/campaign.repository';
import { TrackCampaignOnCampaignPublished } from './track-campaign-on-campaign-published.consumer';

describe('TrackCampaignOnCampaignPublished (matching)', () => {
  it('keeps the facts rule eligibility is decided from, published at the event time', async () => {
    const campaigns = { upsertPublished: jest.fn(async () => undefined) };
    const payload = {
      campaignId: 'c1',
      callId: null,
      area: 'Giambellino',
      category: 'social_concierge',
      promoterType: 'ets',
      goalAmount: 500_001,
      currency: 'EUR',
      title: 'not kept here',
      promoterId: 'p1',
    };
    await new TrackCampaignOnCampaignPublished(campaigns as unknown as CampaignRepository).handle({
      type: CampaignPublished.type,
      occurredAt: '2027-02-01T09:30:00.000Z',
      payload,
    } as unknown as EventEnvelope<never>);
    expect(campaigns.upsertPublished).toHaveBeenCalledWith({
      campaignId: 'c1',
      callId: null,
      area: 'Giambellino',
      category: 'social_concierge',
      promoterType: 'ets',
      goalAmount: 500_001,
      currency: 'EUR',
      publishedAt: new Date('2027-02-01T09:30:00.000Z'),
    });
  });
});
