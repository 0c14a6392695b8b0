import type { OutboxWriter } from '@lib/messaging';
import type { Tx } from '@lib/platform';
import { CampaignViewRepository } from './campaign-view.repository';

describe('CampaignViewRepository.recordFundingClosed', () => {
  it('keeps the crowd at close and announces funding.closed with the per-donor figures', async () => {
    const query = jest.fn(async () => []);
    const outbox = { append: jest.fn(async () => undefined) };
    const repo = new CampaignViewRepository({ tx: { query } } as unknown as Tx, outbox as unknown as OutboxWriter);
    const at = new Date('2027-04-01T00:00:30.000Z');
    const donors = [
      { donorId: 'd1', amount: 2_500 },
      { donorId: 'd2', amount: 1_000 },
    ];
    await repo.recordFundingClosed({ campaignId: 'c1', currency: 'EUR' }, donors, at);
    expect(query).toHaveBeenCalledWith(expect.stringContaining('SET crowd_at_close = $2'), ['c1', 3_500]);
    expect(outbox.append).toHaveBeenCalledWith({
      contract: expect.objectContaining({ type: 'funding.closed' }),
      aggregateId: 'c1',
      occurredAt: at,
      payload: { campaignId: 'c1', currency: 'EUR', crowdAmount: 3_500, backers: 2, donors, closedAt: '2027-04-01T00:00:30.000Z' },
    });
  });

  it('announces a close without any confirmed pledge as zero figures', async () => {
    const outbox = { append: jest.fn(async (_e: { payload: unknown }) => undefined) };
    const repo = new CampaignViewRepository({ tx: { query: async () => [] } } as unknown as Tx, outbox as unknown as OutboxWriter);
    await repo.recordFundingClosed({ campaignId: 'c1', currency: 'EUR' }, [], new Date('2027-04-01T00:00:00.000Z'));
    expect(outbox.append.mock.calls[0][0].payload).toMatchObject({ crowdAmount: 0, backers: 0, donors: [] });
  });
});
