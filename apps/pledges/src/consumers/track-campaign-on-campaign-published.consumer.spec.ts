import { CampaignPublished, EventEnvelope } from '@lib/contracts';
import type { CampaignViewRepository } from '../persistence/campaign-view.repository';
import { TrackCampaignOnCampaignPublished } from './track-campaign-on-campaign-published.consumer';

const payload = {
  campaignId: 'c1',
  title: 'Portierato sociale',
  promoterId: 'p1',
  goalAmount: 1_000_001,
  currency: 'EUR',
  fundingModel: 'keep_it_all',
  startsAt: '2027-02-01T00:00:00.000Z',
  endsAt: '2027-03-01T00:00:00.000Z',
  area: 'not kept here',
};
const published = (extra: object) => ({ type: CampaignPublished.type, payload: { ...payload, ...extra } }) as unknown as EventEnvelope<never>;

describe('TrackCampaignOnCampaignPublished (pledges)', () => {
  it.each([
    ['with its promoter name', { promoterName: 'ETS Giambellino' }, 'ETS Giambellino'],
    ['without a promoter name', {}, null],
  ])('keeps the local copy pledges are checked against, %s', async (_case, extra, promoterName) => {
    const campaigns = { upsertPublished: jest.fn(async () => undefined) };
    await new TrackCampaignOnCampaignPublished(campaigns as unknown as CampaignViewRepository).handle(published(extra));
    expect(campaigns.upsertPublished).toHaveBeenCalledWith({
      campaignId: 'c1',
      title: 'Portierato sociale',
      promoterId: 'p1',
      promoterName,
      goalAmount: 1_000_001,
      currency: 'EUR',
      fundingModel: 'keep_it_all',
      startsAt: new Date('2027-02-01T00:00:00.000Z'),
      endsAt: new Date('2027-03-01T00:00:00.000Z'),
    });
  });
});
