import { EventEnvelope, TranchesSettled } from '@lib/contracts';
import type { Clock } from '@lib/platform';
import type { CampaignRepository } from '../persistence/campaign.repository';
import { CompleteCampaignOnTranchesSettled } from './complete-campaign-on-tranches-settled.consumer';

const now = new Date('2027-06-01T08:00:00Z');

describe('CompleteCampaignOnTranchesSettled', () => {
  it('records the settled tranches, then completes the campaign if its milestones are decided too', async () => {
    const calls: string[] = [];
    const campaigns = {
      markTranchesSettled: jest.fn(async (id: string, at: Date) => void calls.push(`markTranchesSettled ${id} ${at.toISOString()}`)),
      completeIfSettled: jest.fn(async (id: string, at: Date) => void calls.push(`completeIfSettled ${id} ${at.toISOString()}`)),
    };
    const consumer = new CompleteCampaignOnTranchesSettled(campaigns as unknown as CampaignRepository, { now: () => now } as Clock);
    await consumer.handle({ type: TranchesSettled.type, payload: { campaignId: 'c1' } } as unknown as EventEnvelope<never>);
    expect(calls).toEqual([`markTranchesSettled c1 ${now.toISOString()}`, `completeIfSettled c1 ${now.toISOString()}`]);
  });
});
