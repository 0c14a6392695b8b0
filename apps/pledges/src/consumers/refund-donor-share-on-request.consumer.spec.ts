import { DonorShareRefundRequested, EventEnvelope } from '@lib/contracts';
import type { ProviderRefunds } from '../payments/provider-refunds';
import type { CampaignViewRepository } from '../persistence/campaign-view.repository';
import type { PledgeRepository } from '../persistence/pledge.repository';
import type { RefundRepository } from '../persistence/refund.repository';
import { RefundDonorShareOnRequest } from './refund-donor-share-on-request.consumer';

const payload = (amount: number) => ({ requestId: 'rq1', trancheId: 't1', campaignId: 'c1', amount, currency: 'EUR' });
const request = (amount: number) => ({ type: DonorShareRefundRequested.type, payload: payload(amount) }) as unknown as EventEnvelope<never>;
const holding = (...remaining: number[]) => remaining.map((r, i) => ({ id: `p${i + 1}`, paymentRef: `pi_${i + 1}`, remaining: r }));

function setup(pledges: { id: string; paymentRef: string; remaining: number }[], done = false) {
  const calls: string[] = [];
  const log =
    <T>(name: string, result?: T) =>
    async (...args: unknown[]) => (calls.push(`${name} ${JSON.stringify(args)}`), result as T);
  const pledgeRepo = { lockHolding: jest.fn(log('lockHolding', pledges)), addRefundedAmount: jest.fn(log('addRefundedAmount')) };
  const campaigns = { addCrowdSettled: jest.fn(log('addCrowdSettled')) };
  const refunds = {
    shareRefundDone: jest.fn(log('shareRefundDone', done)),
    recordSharePart: jest.fn(log('recordSharePart')),
    announceShareRefunded: jest.fn(log('announceShareRefunded')),
  };
  const providerRefunds = { queue: jest.fn(log('queue')) };
  const consumer = new RefundDonorShareOnRequest(
    pledgeRepo as unknown as PledgeRepository,
    campaigns as unknown as CampaignViewRepository,
    refunds as unknown as RefundRepository,
    providerRefunds as unknown as ProviderRefunds,
  );
  return { consumer, calls };
}

describe('RefundDonorShareOnRequest', () => {
  it('splits the share pro rata to what each pledge holds (largest remainder), skipping a pledge whose part is 0', async () => {
    const { consumer, calls } = setup(holding(2000, 1000, 1));
    await consumer.handle(request(1000));
    expect(calls).toEqual([
      'shareRefundDone ["rq1"]',
      'addCrowdSettled ["c1",1000]',
      'lockHolding ["c1"]',
      'queue [{"pledgeId":"p1","paymentRef":"pi_1","amount":667,"reference":"rq1"}]',
      'addRefundedAmount ["p1",667]',
      'recordSharePart ["rq1","p1",667]',
      'queue [{"pledgeId":"p2","paymentRef":"pi_2","amount":333,"reference":"rq1"}]',
      'addRefundedAmount ["p2",333]',
      'recordSharePart ["rq1","p2",333]',
      `announceShareRefunded [${JSON.stringify(payload(1000))},{"amount":1000,"pledges":2}]`,
    ]);
  });

  it('refunds no more than the pledges still hold, though the whole share leaves the cover for refunds', async () => {
    const { consumer, calls } = setup(holding(2000, 1000, 1));
    await consumer.handle(request(5000));
    expect(calls[1]).toBe('addCrowdSettled ["c1",5000]');
    expect(calls.filter((c) => c.startsWith('addRefundedAmount'))).toEqual([
      'addRefundedAmount ["p1",2000]',
      'addRefundedAmount ["p2",1000]',
      'addRefundedAmount ["p3",1]',
    ]);
    expect(calls[calls.length - 1]).toBe(`announceShareRefunded [${JSON.stringify(payload(5000))},{"amount":3001,"pledges":3}]`);
  });

  it('with no pledge holding anything refunds nothing, and still answers', async () => {
    const { consumer, calls } = setup([]);
    await consumer.handle(request(1000));
    expect(calls).toEqual([
      'shareRefundDone ["rq1"]',
      'addCrowdSettled ["c1",1000]',
      'lockHolding ["c1"]',
      `announceShareRefunded [${JSON.stringify(payload(1000))},{"amount":0,"pledges":0}]`,
    ]);
  });

  it('does nothing for a request refunded already (a replay)', async () => {
    const { consumer, calls } = setup(holding(2000), true);
    await consumer.handle(request(1000));
    expect(calls).toEqual(['shareRefundDone ["rq1"]']);
  });
});
