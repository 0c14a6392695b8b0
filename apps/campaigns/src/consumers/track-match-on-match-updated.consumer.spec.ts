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
});
