import type { Clock, JobRegistry, Tx } from '@lib/platform';
import type { CampaignViewRepository } from '../persistence/campaign-view.repository';
import type { PledgeRepository } from '../persistence/pledge.repository';
import type { PledgesConfig } from '../pledges.config';
import { CloseFundingJob } from './close-funding.job';

const now = new Date('2027-03-01T00:10:00.000Z');
const at = now.toISOString();

function setup(due: { campaignId: string; currency: string }[]) {
  const calls: string[] = [];
  let inTx = false;
  const log =
    <T>(name: string, result?: T) =>
    async (...args: unknown[]) => (calls.push(`${name} ${JSON.stringify(args)}${inTx ? '' : ' (no tx)'}`), result as T);
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
  const campaigns = {
    claimDueForClose: jest.fn(log('claimDueForClose', due)),
    markClosed: jest.fn(log('markClosed')),
    recordFundingClosed: jest.fn(log('recordFundingClosed')),
  };
  const pledges = {
    cancelUnpaidOfCampaign: jest.fn(log('cancelUnpaidOfCampaign')),
    confirmedTotalsByDonor: jest.fn(async (id: string) => (calls.push(`confirmedTotalsByDonor ["${id}"]`), [{ donorId: `d-${id}`, amount: 2501 }])),
  };
  const jobs = { register: jest.fn() };
  const job = new CloseFundingJob(
    jobs as unknown as JobRegistry,
    txHost as unknown as Tx,
    campaigns as unknown as CampaignViewRepository,
    pledges as unknown as PledgeRepository,
    { now: () => now } as Clock,
    { FUNDING_CLOSE_GRACE_SECONDS: 300 } as PledgesConfig,
  );
  return { job, jobs, calls, txHost };
}

describe('CloseFundingJob', () => {
  it('closes each campaign due after the grace period: stops pledges, cancels the unpaid, then announces the confirmed totals', async () => {
    const { job, calls, txHost } = setup([
      { campaignId: 'c1', currency: 'EUR' },
      { campaignId: 'c2', currency: 'EUR' },
    ]);
    expect(await job.run()).toBe(2);
    expect(txHost.withTransaction).toHaveBeenCalledTimes(1);
    expect(calls).toEqual([
      'claimDueForClose ["2027-03-01T00:05:00.000Z"]',
      `markClosed ["c1","${at}"]`,
      'cancelUnpaidOfCampaign ["c1"]',
      'confirmedTotalsByDonor ["c1"]',
      `recordFundingClosed [{"campaignId":"c1","currency":"EUR"},[{"donorId":"d-c1","amount":2501}],"${at}"]`,
      `markClosed ["c2","${at}"]`,
      'cancelUnpaidOfCampaign ["c2"]',
      'confirmedTotalsByDonor ["c2"]',
      `recordFundingClosed [{"campaignId":"c2","currency":"EUR"},[{"donorId":"d-c2","amount":2501}],"${at}"]`,
    ]);
  });

  it('with nothing due closes nothing', async () => {
    const { job, calls } = setup([]);
    expect(await job.run()).toBe(0);
    expect(calls).toEqual(['claimDueForClose ["2027-03-01T00:05:00.000Z"]']);
  });

  it('registers its run', async () => {
    const { job, jobs, calls } = setup([]);
    job.onModuleInit();
    expect(jobs.register).toHaveBeenCalledWith('pledges:close-funding', expect.any(Function));
    await jobs.register.mock.calls[0][1]();
    expect(calls).toHaveLength(1);
  });
});
