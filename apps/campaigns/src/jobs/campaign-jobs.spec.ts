import type { Clock, JobRegistry, Tx } from '@lib/platform';
import type { CampaignsConfig } from '../campaigns.config';
import type { CampaignRepository } from '../persistence/campaign.repository';
import type { MilestoneEntity } from '../persistence/milestone.entity';
import type { MilestoneRepository } from '../persistence/milestone.repository';
import { CampaignJobs } from './campaign-jobs';

const now = new Date('2027-05-10T12:00:00.000Z');

function setup(due: Partial<MilestoneEntity>[] = []) {
  const calls: string[] = [];
  const inTx = { value: false };
  const txHost = {
    withTransaction: jest.fn(async (fn: () => Promise<unknown>) => {
      inTx.value = true;
      try {
        return await fn();
      } finally {
        inTx.value = false;
      }
    }),
  };
  const campaigns = {
    goLive: jest.fn(async (at: Date) => (calls.push(`goLive ${at.toISOString()} tx=${inTx.value}`), 3)),
    completeIfSettled: jest.fn(async (id: string, at: Date) => void calls.push(`completeIfSettled ${id} ${at.toISOString()} tx=${inTx.value}`)),
  };
  const milestones = {
    dueForExpiry: jest.fn(async (cutoff: Date) => (calls.push(`dueForExpiry ${cutoff.toISOString()} tx=${inTx.value}`), due)),
    expire: jest.fn(async (m: MilestoneEntity, at: Date) => void calls.push(`expire ${m.id} ${at.toISOString()} tx=${inTx.value}`)),
  };
  const jobs = { register: jest.fn() };
  const job = new CampaignJobs(
    jobs as unknown as JobRegistry,
    txHost as unknown as Tx,
    campaigns as unknown as CampaignRepository,
    milestones as unknown as MilestoneRepository,
    { now: () => now } as Clock,
    { MILESTONE_GRACE_DAYS: 7 } as CampaignsConfig,
  );
  return { job, jobs, calls, txHost };
}

describe('CampaignJobs', () => {
  it('registers both jobs, each running its own work', async () => {
    const { job, jobs, calls } = setup();
    job.onModuleInit();
    expect(jobs.register.mock.calls.map(([name]) => name)).toEqual(['campaigns:go-live', 'campaigns:expire-milestones']);
    await jobs.register.mock.calls[0][1]();
    await jobs.register.mock.calls[1][1]();
    expect(calls).toEqual([`goLive ${now.toISOString()} tx=true`, 'dueForExpiry 2027-05-03T12:00:00.000Z tx=true']);
  });

  it('puts due campaigns live at the clock time, inside one transaction, and returns how many', async () => {
    const { job, calls, txHost } = setup();
    expect(await job.goLive()).toBe(3);
    expect(txHost.withTransaction).toHaveBeenCalledTimes(1);
    expect(calls).toEqual([`goLive ${now.toISOString()} tx=true`]);
  });

  it('expires milestones overdue by the grace days, then completes each of their campaigns once', async () => {
    const { job, calls, txHost } = setup([
      { id: 'm1', campaignId: 'c1' },
      { id: 'm2', campaignId: 'c2' },
      { id: 'm3', campaignId: 'c1' },
    ]);
    expect(await job.expireMilestones()).toBe(3);
    expect(txHost.withTransaction).toHaveBeenCalledTimes(1);
    const at = now.toISOString();
    expect(calls).toEqual([
      'dueForExpiry 2027-05-03T12:00:00.000Z tx=true',
      `expire m1 ${at} tx=true`,
      `expire m2 ${at} tx=true`,
      `expire m3 ${at} tx=true`,
      `completeIfSettled c1 ${at} tx=true`,
      `completeIfSettled c2 ${at} tx=true`,
    ]);
  });

  it('with nothing overdue expires and completes nothing', async () => {
    const { job, calls } = setup([]);
    expect(await job.expireMilestones()).toBe(0);
    expect(calls).toEqual(['dueForExpiry 2027-05-03T12:00:00.000Z tx=true']);
  });
});
