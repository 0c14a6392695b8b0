import type { OutboxWriter } from '@lib/messaging';
import type { Tx } from '@lib/platform';
import type { PledgeEntity } from './pledge.entity';
import { PledgeRepository } from './pledge.repository';

const at = new Date('2027-03-01T09:00:00.000Z');
const pledge = { id: 'p1', campaignId: 'c1', donorId: 'd1', amount: 10_000, refundedAmount: 2_000, currency: 'EUR', status: 'confirmed' } as PledgeEntity;

/** The repository over a recording TypeORM repository and outbox: each write and the event it carries. */
function build() {
  const update = jest.fn(async () => undefined);
  const outbox = { append: jest.fn(async (_event: { payload: unknown }) => undefined) };
  const txHost = { tx: { getRepository: () => ({ update }) } } as unknown as Tx;
  return { repo: new PledgeRepository(txHost, outbox as unknown as OutboxWriter), update, append: outbox.append };
}

describe('PledgeRepository.markConfirmed', () => {
  it('announces pledge.confirmed exactly when the confirmation counts, with announcedAt at the same instant', async () => {
    const counted = build();
    await counted.repo.markConfirmed(pledge, at, true);
    expect(counted.update).toHaveBeenCalledWith({ id: 'p1' }, { status: 'confirmed', confirmedAt: at, announcedAt: at });
    expect(counted.append).toHaveBeenCalledWith({
      contract: expect.objectContaining({ type: 'pledge.confirmed' }),
      aggregateId: 'p1',
      occurredAt: at,
      payload: { pledgeId: 'p1', campaignId: 'c1', donorId: 'd1', amount: 10_000, currency: 'EUR', confirmedAt: '2027-03-01T09:00:00.000Z' },
    });
    const late = build();
    await late.repo.markConfirmed(pledge, at, false);
    expect(late.update).toHaveBeenCalledWith({ id: 'p1' }, { status: 'confirmed', confirmedAt: at, announcedAt: null });
    expect(late.append).not.toHaveBeenCalled();
  });
});

describe('PledgeRepository refund writes', () => {
  const refund = { amount: 8_000, reason: 'duplicate donation', countedAtClose: true };
  const event = {
    contract: expect.objectContaining({ type: 'pledge.refunded' }),
    aggregateId: 'p1',
    occurredAt: at,
    payload: {
      pledgeId: 'p1',
      campaignId: 'c1',
      donorId: 'd1',
      amount: 8_000,
      pledgeAmount: 10_000,
      currency: 'EUR',
      reason: 'duplicate donation',
      countedAtClose: true,
    },
  };

  it('markRefunded refunds the pledge and announces what it paid back beside the pledge amount', async () => {
    const { repo, update, append } = build();
    await repo.markRefunded(pledge, refund, at);
    expect(update).toHaveBeenCalledWith({ id: 'p1' }, { status: 'refunded', refundedAt: at, refundReason: 'duplicate donation' });
    expect(append).toHaveBeenCalledWith(event);
  });

  it('markRefundedIfConfirmed writes only over a confirmed row and announces only a pledge that was counted', async () => {
    const counted = build();
    await counted.repo.markRefundedIfConfirmed(pledge, refund, at, true);
    expect(counted.update).toHaveBeenCalledWith({ id: 'p1', status: 'confirmed' }, { status: 'refunded', refundedAt: at, refundReason: 'duplicate donation' });
    expect(counted.append).toHaveBeenCalledWith(event);
    const never = build();
    await never.repo.markRefundedIfConfirmed(pledge, refund, at, false);
    expect(never.update).toHaveBeenCalledTimes(1);
    expect(never.append).not.toHaveBeenCalled();
  });

  it('markFailed and expire announce pledge.failed with the pledge amount', async () => {
    const { repo, update, append } = build();
    await repo.markFailed(pledge, 'card declined', at);
    await repo.expire(pledge, 'not paid in time', at);
    expect(update.mock.calls).toEqual([
      [{ id: 'p1' }, { status: 'failed', failureReason: 'card declined' }],
      [{ id: 'p1' }, { status: 'cancelled', failureReason: 'not paid in time' }],
    ]);
    expect(append.mock.calls.map(([e]) => e.payload)).toEqual([
      { pledgeId: 'p1', campaignId: 'c1', donorId: 'd1', amount: 10_000, reason: 'card declined' },
      { pledgeId: 'p1', campaignId: 'c1', donorId: 'd1', amount: 10_000, reason: 'not paid in time' },
    ]);
  });
});
