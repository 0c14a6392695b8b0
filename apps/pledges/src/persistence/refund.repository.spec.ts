import type { OutboxWriter } from '@lib/messaging';
import type { Tx } from '@lib/platform';
import { RefundRepository } from './refund.repository';

describe('RefundRepository.announceShareRefunded', () => {
  it('announces what a donors share refund paid back, over how many pledges, keyed by its request', async () => {
    const outbox = { append: jest.fn(async () => undefined) };
    const repo = new RefundRepository({ tx: { query: async () => [] } } as unknown as Tx, outbox as unknown as OutboxWriter);
    const request = { requestId: 'r1', campaignId: 'c1', milestoneId: 'm1', amount: 9_000, currency: 'EUR' };
    await repo.announceShareRefunded(request as never, { amount: 8_999, pledges: 3 });
    expect(outbox.append).toHaveBeenCalledWith({
      contract: expect.objectContaining({ type: 'donor_share.refunded' }),
      aggregateId: 'r1',
      payload: { requestId: 'r1', campaignId: 'c1', amount: 8_999, currency: 'EUR', pledges: 3 },
    });
  });
});
