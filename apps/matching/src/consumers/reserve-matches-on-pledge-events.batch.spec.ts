import { EventEnvelope, PledgeConfirmed, PledgeRefunded } from '@lib/contracts';
import type { CampaignRepository } from '../persistence/campaign.repository';
import { ReserveMatchesOnPledgeEvents } from './reserve-matches-on-pledge-events.consumer';

const event = (type: string, pledgeId: string, campaignId: string) => ({ type, payload: { pledgeId, campaignId } }) as unknown as EventEnvelope<never>;

describe('ReserveMatchesOnPledgeEvents.handleBatch', () => {
  it("locks the batch's campaigns once, in id order, before anything else, then handles each event in order", async () => {
    const calls: string[] = [];
    const campaigns = { lockAll: jest.fn(async (ids: string[]) => void calls.push(`lockAll ${ids.join(' ')}`)) };
    const none = undefined as never;
    const consumer = new ReserveMatchesOnPledgeEvents(campaigns as unknown as CampaignRepository, none, none, none, none, none, none);
    jest.spyOn(consumer, 'handle').mockImplementation(async (e) => void calls.push(`handle ${(e.payload as { pledgeId: string }).pledgeId}`));
    await consumer.handleBatch([
      event(PledgeConfirmed.type, 'p1', 'c2'),
      event(PledgeConfirmed.type, 'p2', 'c1'),
      event(PledgeRefunded.type, 'p1', 'c2'),
      event(PledgeConfirmed.type, 'p3', 'c3'),
    ]);
    expect(calls).toEqual(['lockAll c1 c2 c3', 'handle p1', 'handle p2', 'handle p1', 'handle p3']);
  });
});
