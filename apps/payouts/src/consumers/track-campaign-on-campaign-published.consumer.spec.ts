import { CampaignPublished, EventEnvelope } from '@lib/contracts';
import type { CampaignViewRepository } from '../persistence/campaign-view.repository';
import { TrackCampaignOnCampaignPublished } from './track-campaign-on-campaign-published.consumer';

describe('TrackCampaignOnCampaignPublished (payouts)', () => {
  it('keeps the published campaign with the time it was published', async () => {
    const campaigns = { upsertPublished: jest.fn(async () => undefined) };
    const payload = { campaignId: 'c1', promoterId: 'p1', title: 'T', currency: 'EUR', goalAmount: 10_000, callOwnerId: 'u9' };
    await new TrackCampaignOnCampaignPublished(campaigns as unknown as CampaignViewRepository).handle({
      type: CampaignPublished.type,
      occurredAt: '2027-02-01T09:30:00.000Z',
      payload,
    } as unknown as EventEnvelope<never>);
    expect(campaigns.upsertPublished).toHaveBeenCalledWith(payload, '2027-02-01T09:30:00.000Z');
  });
});
