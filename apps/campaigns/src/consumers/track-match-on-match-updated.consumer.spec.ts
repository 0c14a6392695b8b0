import { EventEnvelope, MatchUpdated } from '@lib/contracts';
import type { CampaignProgressRepository } from '../persistence/campaign-progress.repository';
import { TrackMatchOnMatchUpdated } from './track-match-on-match-updated.consumer';

describe('TrackMatchOnMatchUpdated', () => {
  it("sets the campaign's whole live match, as carried (not added to what was there)", async () => {
    const progress = { setMatchedAmount: jest.fn(async () => undefined) };
    const consumer = new TrackMatchOnMatchUpdated(progress as unknown as CampaignProgressRepository);
    const updated = (matchedAmount: number) =>
      ({ type: MatchUpdated.type, payload: { campaignId: 'c1', matchedAmount, currency: 'EUR' } }) as unknown as EventEnvelope<never>;
    await consumer.handle(updated(1234));
    await consumer.handle(updated(1234));
    await consumer.handle(updated(0));
    expect(progress.setMatchedAmount.mock.calls).toEqual([
      ['c1', 1234],
      ['c1', 1234],
      ['c1', 0],
    ]);
  });

  it('handleBatch writes each campaign once, its last match of the batch: what handle on each in order leaves', async () => {
    const progress = { setMatchedAmount: jest.fn(async () => undefined) };
    const consumer = new TrackMatchOnMatchUpdated(progress as unknown as CampaignProgressRepository);
    const updated = (campaignId: string, matchedAmount: number) =>
      ({ type: MatchUpdated.type, payload: { campaignId, matchedAmount, currency: 'EUR' } }) as unknown as EventEnvelope<never>;
    await consumer.handleBatch([updated('c2', 5), updated('c1', 10), updated('c2', 7), updated('c1', 0), updated('c2', 6)]);
    expect(progress.setMatchedAmount.mock.calls).toEqual([
      ['c1', 0],
      ['c2', 6],
    ]);
  });
});
