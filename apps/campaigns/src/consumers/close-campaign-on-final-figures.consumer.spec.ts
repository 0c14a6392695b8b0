import { EventEnvelope, FundingClosed, MatchFinalized } from '@lib/contracts';
import { InMemoryJoinStore } from '@lib/messaging/join/event-join';
import type { Clock } from '@lib/platform';
import type { CampaignClosingRepository, ClosingParts } from '../persistence/campaign-closing.repository';
import type { CampaignEntity } from '../persistence/campaign.entity';
import type { CampaignRepository } from '../persistence/campaign.repository';
import type { MilestoneEntity } from '../persistence/milestone.entity';
import type { MilestoneRepository } from '../persistence/milestone.repository';
import { CloseCampaignOnFinalFigures } from './close-campaign-on-final-figures.consumer';

const now = new Date('2027-04-01T00:05:00Z');
const funding = (crowdAmount: number) =>
  ({
    type: FundingClosed.type,
    occurredAt: '2027-04-01T00:00:00.000Z',
    payload: { campaignId: 'c1', currency: 'EUR', crowdAmount, backers: 3, donors: [], closedAt: '2027-04-01T00:00:00.000Z' },
  }) as unknown as EventEnvelope<never>;
const match = (matchAmount: number) =>
  ({
    type: MatchFinalized.type,
    occurredAt: '2027-04-01T00:01:00.000Z',
    payload: { campaignId: 'c1', currency: 'EUR', matchAmount, byFund: [] },
  }) as unknown as EventEnvelope<never>;

function setup(c: Partial<CampaignEntity> | null = {}, milestones: Partial<MilestoneEntity>[] = [{ id: 'm1' }]) {
  const campaign =
    c && ({ id: 'c1', status: 'live', fundingModel: 'all_or_nothing', goalAmount: 1000, promoterId: 'p1', currency: 'EUR', ...c } as CampaignEntity);
  const store = new InMemoryJoinStore<ClosingParts>();
  const campaigns = { findForUpdate: jest.fn(async () => campaign), close: jest.fn(async () => undefined) };
  const closings = { join: jest.fn(() => store), recordOutcome: jest.fn(async () => undefined) };
  const consumer = new CloseCampaignOnFinalFigures(
    campaigns as unknown as CampaignRepository,
    closings as unknown as CampaignClosingRepository,
    { listOf: jest.fn(async () => milestones) } as unknown as MilestoneRepository,
    { now: () => now } as Clock,
  );
  return { consumer, store, campaigns, closings, campaign, milestones };
}

describe('CloseCampaignOnFinalFigures', () => {
  it.each([
    ['funding first', [funding(600), match(400)]],
    ['match first', [match(400), funding(600)]],
  ])('decides once both figures are in (%s): goal reached, closed with the milestones (campaign.succeeded goes with it)', async (_order, events) => {
    const { consumer, campaigns, closings, campaign, milestones } = setup();
    await consumer.handle(events[0]);
    expect(campaigns.close).not.toHaveBeenCalled();
    await consumer.handle(events[1]);
    expect(closings.recordOutcome).toHaveBeenCalledWith('c1', 'succeeded', now);
    expect(campaigns.close).toHaveBeenCalledWith(
      campaign,
      { outcome: 'succeeded', reason: 'all-or-nothing: raised 1000 of 1000 cents (crowd 600, match 400)', crowdAmount: 600, matchAmount: 400 },
      milestones,
      now,
    );
  });

  it('keeps the first figure of each kind and decides only once', async () => {
    const { consumer, campaigns } = setup();
    await consumer.handle(funding(600));
    await consumer.handle(funding(999)); // a second funding.closed changes nothing
    await consumer.handle(match(399));
    await consumer.handle(match(399));
    expect(campaigns.close).toHaveBeenCalledTimes(1);
    expect(campaigns.close).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ outcome: 'failed', crowdAmount: 600, matchAmount: 399 }),
      [{ id: 'm1' }],
      now,
    );
  });

  it('decides nothing for a campaign cancelled meanwhile, nor for an unknown one', async () => {
    const cancelled = setup({ status: 'cancelled' });
    await cancelled.consumer.handle(funding(1000));
    await cancelled.consumer.handle(match(0));
    expect(cancelled.campaigns.close).not.toHaveBeenCalled();
    const unknown = setup(null);
    await unknown.consumer.handle(funding(1000));
    expect(unknown.store.rows.size).toBe(0);
  });
});
