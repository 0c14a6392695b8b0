import { CampaignCancelled, CampaignFailed, CampaignSucceeded, EventEnvelope } from '@lib/contracts';
import type { MatchRepository } from '../persistence/match.repository';
import type { Settlement } from '../services/settlement';
import { SettleMatchesOnCampaignOutcome } from './settle-matches-on-campaign-outcome.consumer';

function setup(moved: boolean) {
  const settlement = { settle: jest.fn(async () => moved) };
  const matches = { announce: jest.fn(async () => undefined) };
  const consumer = new SettleMatchesOnCampaignOutcome(settlement as unknown as Settlement, matches as unknown as MatchRepository);
  return { consumer, settlement, matches };
}
const outcome = (type: string) => ({ type, payload: { campaignId: 'c1', reason: 'x' } }) as unknown as EventEnvelope<never>;

describe('SettleMatchesOnCampaignOutcome', () => {
  it.each([
    [CampaignSucceeded.type, true],
    [CampaignFailed.type, false],
    [CampaignCancelled.type, false],
  ])('%s settles the matches as succeeded=%s and announces the match that moved', async (type, succeeded) => {
    const { consumer, settlement, matches } = setup(true);
    await consumer.handle(outcome(type));
    expect(settlement.settle).toHaveBeenCalledWith('c1', succeeded);
    expect(matches.announce).toHaveBeenCalledWith('c1');
  });

  it('announces nothing when the settlement moved nothing (settled already, or no match)', async () => {
    const { consumer, settlement, matches } = setup(false);
    await consumer.handle(outcome(CampaignSucceeded.type));
    expect(settlement.settle).toHaveBeenCalledTimes(1);
    expect(matches.announce).not.toHaveBeenCalled();
  });
});
