import { CampaignCancelled, CampaignFailed, EventEnvelope } from '@lib/contracts';
import type { CampaignViewRepository } from '../persistence/campaign-view.repository';
import { RefundPledgesOnCampaignEnded } from './refund-pledges-on-campaign-ended.consumer';

describe('RefundPledgesOnCampaignEnded', () => {
  it.each([
    [CampaignCancelled.type, 'cancelled', 'campaign cancelled: changed plans'],
    [CampaignFailed.type, 'failed', 'campaign failed: changed plans'],
  ])('%s marks the campaign %s for refunds, with its reason', async (type, status, reason) => {
    const campaigns = { markEnded: jest.fn(async () => undefined) };
    await new RefundPledgesOnCampaignEnded(campaigns as unknown as CampaignViewRepository).handle({
      type,
      payload: { campaignId: 'c1', reason: 'changed plans' },
    } as unknown as EventEnvelope<never>);
    expect(campaigns.markEnded).toHaveBeenCalledTimes(1);
    expect(campaigns.markEnded).toHaveBeenCalledWith('c1', status, reason);
  });
});
