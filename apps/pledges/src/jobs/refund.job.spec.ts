import { Logger } from '@nestjs/common';
import type { Clock, JobRegistry, Tx } from '@lib/platform';
import type { ProviderRefunds } from '../payments/provider-refunds';
import type { CampaignViewRepository } from '../persistence/campaign-view.repository';
import type { PledgeEntity } from '../persistence/pledge.entity';
import type { PledgeRepository } from '../persistence/pledge.repository';
import type { PledgesReadModel } from '../persistence/pledges.read-model';
import type { PledgesConfig } from '../pledges.config';
import type { RefundPledges } from '../services/refund-pledges';
import { RefundJob } from './refund.job';

const now = new Date('2027-03-02T12:00:00.000Z');
const pledge = (id: string, campaignId: string, status: string) => ({ id, campaignId, status }) as PledgeEntity;

function setup(batches: PledgeEntity[][], stale: PledgeEntity[] = []) {
  const calls: string[] = [];
  let inTx = false;
  const mark = () => (inTx ? '' : ' (no tx)');
  const txHost = {
    withTransaction: jest.fn(async (fn: () => Promise<unknown>) => {
      inTx = true;
      try {
        return await fn();
      } finally {
        inTx = false;
      }
    }),
  };
  const pledges = {
    claimOfEndedCampaigns: jest.fn(async (limit: number) => (calls.push(`claim ${limit}${mark()}`), batches.shift() ?? [])),
    markCancelled: jest.fn(async (id: string, reason: string) => void calls.push(`markCancelled ${id} ${reason}${mark()}`)),
    claimUnpaidSince: jest.fn(async (cutoff: Date) => (calls.push(`claimUnpaidSince ${cutoff.toISOString()}${mark()}`), stale)),
    expire: jest.fn(async (p: PledgeEntity, reason: string, at: Date) => void calls.push(`expire ${p.id} ${reason} ${at.toISOString()}${mark()}`)),
  };
  const campaigns = {
    endReasons: jest.fn(async (ids: string[]) => new Map(ids.map((id) => [id, `campaign failed: ${id}`]))),
  };
  const refunds = {
    refund: jest.fn(async (p: PledgeEntity, reason: string, o: object) => void calls.push(`refund ${p.id} ${reason} ${JSON.stringify(o)}${mark()}`)),
  };
  const providerRefunds = { flush: jest.fn(async (f: object) => (calls.push(`flush ${JSON.stringify(f)}${mark()}`), 0)) };
  const readModel = { refundProgress: jest.fn(async () => ({ refunded: 1, pending: 0, refundedAmount: 2500 })) };
  const jobs = { register: jest.fn() };
  const job = new RefundJob(
    jobs as unknown as JobRegistry,
    txHost as unknown as Tx,
    pledges as unknown as PledgeRepository,
    readModel as unknown as PledgesReadModel,
    campaigns as unknown as CampaignViewRepository,
    refunds as unknown as RefundPledges,
    providerRefunds as unknown as ProviderRefunds,
    { now: () => now } as Clock,
    { PLEDGE_PAYMENT_TIMEOUT_MINUTES: 30 } as PledgesConfig,
  );
  return { job, jobs, calls, txHost, campaigns };
}

describe('RefundJob.refundEndedCampaigns', () => {
  beforeEach(() => jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it('refunds a confirmed pledge (announced, forced) and cancels an unpaid one, then makes the provider refunds after commit', async () => {
    const { job, calls, campaigns } = setup([
      [pledge('p1', 'c1', 'confirmed'), pledge('p2', 'c2', 'requires_payment'), pledge('p3', 'c1', 'requires_payment')],
    ]);
    expect(await job.refundEndedCampaigns()).toBe(3);
    expect(campaigns.endReasons).toHaveBeenCalledWith(['c1', 'c2']);
    expect(calls).toEqual([
      'claim 50',
      'refund p1 campaign failed: c1 {"announce":true,"force":true}',
      'markCancelled p2 campaign failed: c2',
      'markCancelled p3 campaign failed: c1',
      'flush {"pledgeIds":["p1","p2","p3"]} (no tx)',
    ]);
    expect(Logger.prototype.log).toHaveBeenCalledWith('campaign c1: 1 refunded, 0 to go');
  });

  it('goes on batch after batch, each in its own transaction, until a batch is not full', async () => {
    const full = Array.from({ length: 50 }, (_, i) => pledge(`p${i}`, 'c1', 'requires_payment'));
    const { job, calls, txHost } = setup([full, [pledge('q1', 'c1', 'confirmed')]]);
    expect(await job.refundEndedCampaigns()).toBe(51);
    expect(txHost.withTransaction).toHaveBeenCalledTimes(2);
    expect(calls.filter((c) => c.startsWith('claim') || c.startsWith('flush'))).toEqual([
      'claim 50',
      expect.stringMatching(/^flush \{"pledgeIds":\["p0",.*"p49"\]\} \(no tx\)$/),
      'claim 50',
      'flush {"pledgeIds":["q1"]} (no tx)',
    ]);
  });

  it('with nothing to refund claims once and stops', async () => {
    const { job, calls } = setup([]);
    expect(await job.refundEndedCampaigns()).toBe(0);
    expect(calls).toEqual(['claim 50', 'flush {"pledgeIds":[]} (no tx)']);
  });
});

describe('RefundJob.expireUnpaid', () => {
  it('cancels the pledges left unpaid past the timeout, in one transaction', async () => {
    const { job, calls, txHost } = setup([], [pledge('p1', 'c1', 'requires_payment'), pledge('p2', 'c1', 'requires_payment')]);
    expect(await job.expireUnpaid()).toBe(2);
    expect(txHost.withTransaction).toHaveBeenCalledTimes(1);
    expect(calls).toEqual([
      'claimUnpaidSince 2027-03-02T11:30:00.000Z',
      `expire p1 payment not completed in time ${now.toISOString()}`,
      `expire p2 payment not completed in time ${now.toISOString()}`,
    ]);
  });

  it('registers both jobs', () => {
    const { job, jobs } = setup([]);
    job.onModuleInit();
    expect(jobs.register.mock.calls.map(([name]) => name)).toEqual(['pledges:refund-ended-campaigns', 'pledges:expire-unpaid']);
  });
});
