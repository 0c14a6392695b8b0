import type { Clock } from '@lib/platform';
import { PledgeStatus } from '../domain/pledge';
import { RefundNotCoveredByEscrow } from '../domain/refund-cover';
import type { ProviderRefunds } from '../payments/provider-refunds';
import type { CampaignViewEntity } from '../persistence/campaign-view.entity';
import type { CampaignViewRepository } from '../persistence/campaign-view.repository';
import type { PledgeEntity } from '../persistence/pledge.entity';
import type { PledgeRepository } from '../persistence/pledge.repository';
import { RefundPledges } from './refund-pledges';

const now = new Date('2027-03-01T09:00:00.000Z');
const pledgeOf = (status: PledgeStatus, refundedAmount = 0) =>
  ({ id: 'p1', campaignId: 'c1', donorId: 'd1', amount: 10_000, refundedAmount, currency: 'EUR', status, paymentRef: 'pi_1' }) as PledgeEntity;
const closedView = (cover: number) =>
  ({ campaignId: 'c1', closedAt: new Date('2027-02-01'), crowdAtClose: 100_000, refundedAfterClose: 100_000 - cover, crowdSettled: 0 }) as CampaignViewEntity;

/** RefundPledges over mocked repositories; `calls` keeps the order of every lock, write, queued refund and event. */
function build(view: CampaignViewEntity | null) {
  const calls: string[] = [];
  const log = (name: string) => jest.fn(async (...args: unknown[]) => void calls.push(`${name} ${JSON.stringify(args)}`));
  const pledges = {
    markRefundedIfConfirmed: jest.fn(
      async (p: PledgeEntity, ...rest: unknown[]) => void calls.push(`markRefundedIfConfirmed ${JSON.stringify([p.id, ...rest])}`),
    ),
  };
  const campaigns = {
    findForUpdate: jest.fn(async (id: string) => (calls.push(`lock view ${id}`), view)),
    addRefundedAfterClose: log('addRefundedAfterClose'),
  };
  const providerRefunds = { queue: log('queue') };
  const refunds = new RefundPledges(
    pledges as unknown as PledgeRepository,
    campaigns as unknown as CampaignViewRepository,
    providerRefunds as unknown as ProviderRefunds,
    { now: () => now } as Clock,
  );
  return { refunds, calls };
}

describe('RefundPledges.refund', () => {
  it('refunds an open campaign’s confirmed pledge: provider refund queued (made after commit), pledge refunded and announced', async () => {
    const { refunds, calls } = build({ campaignId: 'c1', closedAt: null } as CampaignViewEntity);
    await refunds.refund(pledgeOf('confirmed'), 'duplicate donation');
    expect(calls).toEqual([
      'lock view c1',
      'queue [{"pledgeId":"p1","paymentRef":"pi_1","amount":10000}]',
      `markRefundedIfConfirmed ["p1",{"amount":10000,"reason":"duplicate donation","countedAtClose":false},"${now.toISOString()}",true]`,
    ]);
  });

  it('after the close, charges the escrow what the pledge still holds under the view’s lock, and says it was counted', async () => {
    const { refunds, calls } = build(closedView(8_000));
    await refunds.refund(pledgeOf('confirmed', 2_000), 'why');
    expect(calls.slice(0, 3)).toEqual(['lock view c1', 'addRefundedAfterClose ["c1",8000]', 'queue [{"pledgeId":"p1","paymentRef":"pi_1","amount":8000}]']);
    expect(calls[3]).toBe(`markRefundedIfConfirmed ["p1",{"amount":8000,"reason":"why","countedAtClose":true},"${now.toISOString()}",true]`);
  });

  it('refuses with REFUND_NOT_COVERED_BY_ESCROW when the escrow holds less, changing nothing; forced, it refunds anyway', async () => {
    const refused = build(closedView(7_999));
    await expect(refused.refunds.refund(pledgeOf('confirmed', 2_000), 'why')).rejects.toBeInstanceOf(RefundNotCoveredByEscrow);
    expect(refused.calls).toEqual(['lock view c1']);
    const forced = build(closedView(7_999));
    await forced.refunds.refund(pledgeOf('confirmed', 2_000), 'saga', { announce: true, force: true });
    expect(forced.calls[1]).toBe('addRefundedAfterClose ["c1",8000]');
  });

  it('for a pledge never announced (a payment after the close), refunds without touching the escrow or announcing', async () => {
    const { refunds, calls } = build(closedView(0));
    await refunds.refund(pledgeOf('confirmed'), 'late payment', { announce: false });
    expect(calls).toEqual([
      'queue [{"pledgeId":"p1","paymentRef":"pi_1","amount":10000}]',
      `markRefundedIfConfirmed ["p1",{"amount":10000,"reason":"late payment","countedAtClose":false},"${now.toISOString()}",false]`,
    ]);
  });

  it.each(['requires_payment', 'failed', 'refunded', 'cancelled'] as const)('does nothing for a %s pledge', async (status) => {
    const { refunds, calls } = build(closedView(100_000));
    await refunds.refund(pledgeOf(status), 'why');
    expect(calls).toEqual([]);
  });
});
