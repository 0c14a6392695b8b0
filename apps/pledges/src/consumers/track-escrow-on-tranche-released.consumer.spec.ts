import { EventEnvelope, TrancheReleased } from '@lib/contracts';
import type { CampaignViewRepository } from '../persistence/campaign-view.repository';
import { TrackEscrowOnTrancheReleased } from './track-escrow-on-tranche-released.consumer';

function setup() {
  const campaigns = { addCrowdSettled: jest.fn(async () => undefined) };
  return { consumer: new TrackEscrowOnTrancheReleased(campaigns as unknown as CampaignViewRepository), campaigns };
}
const released = (donorAmount: number) =>
  ({
    type: TrancheReleased.type,
    payload: { trancheId: 't1', campaignId: 'c1', donorAmount, matchShares: [{ fundId: 'f1', amount: 700 }] },
  }) as unknown as EventEnvelope<never>;

describe('TrackEscrowOnTrancheReleased', () => {
  it("adds the donors' money the release took out of the escrow, exactly", async () => {
    const { consumer, campaigns } = setup();
    await consumer.handle(released(4001));
    expect(campaigns.addCrowdSettled).toHaveBeenCalledWith('c1', 4001);
  });

  it('writes nothing for a release without donor money (match only)', async () => {
    const { consumer, campaigns } = setup();
    await consumer.handle(released(0));
    expect(campaigns.addCrowdSettled).not.toHaveBeenCalled();
  });
});
