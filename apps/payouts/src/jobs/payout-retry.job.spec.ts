import type { JobRegistry } from '@lib/platform';
import type { Payouts } from '../payments/tranche-payout';
import type { TrancheRepository } from '../persistence/tranche.repository';
import { PayoutRetryJob } from './payout-retry.job';

function setup(due: string[], statusAfter: Record<string, string>, failing: string[] = []) {
  const calls: string[] = [];
  const tranches = {
    dueForTransfer: jest.fn(async () => due),
    currentStatus: jest.fn(async (id: string) => (calls.push(`currentStatus ${id}`), statusAfter[id])),
  };
  const payouts = {
    pay: jest.fn(async (id: string) => {
      calls.push(`pay ${id}`);
      if (failing.includes(id)) throw new Error('connection terminated');
    }),
  };
  const jobs = { register: jest.fn() };
  const job = new PayoutRetryJob(jobs as unknown as JobRegistry, tranches as unknown as TrancheRepository, payouts as unknown as Payouts);
  return { job, jobs, calls };
}

describe('PayoutRetryJob', () => {
  it('pays each due tranche (again), reading its status after the attempt, and counts those now paid', async () => {
    const { job, calls } = setup(['t1', 't2', 't3'], { t1: 'paid', t2: 'released', t3: 'paid' });
    expect(await job.run()).toBe(2);
    expect(calls).toEqual(['pay t1', 'currentStatus t1', 'pay t2', 'currentStatus t2', 'pay t3', 'currentStatus t3']);
  });

  it('goes on with the other tranches when one cannot be paid now (it stays due for the next run)', async () => {
    const { job, calls } = setup(['t1', 't2', 't3'], { t1: 'paid', t3: 'paid' }, ['t2']);
    expect(await job.run()).toBe(2);
    expect(calls).toEqual(['pay t1', 'currentStatus t1', 'pay t2', 'pay t3', 'currentStatus t3']);
  });

  it('with nothing due pays nothing', async () => {
    const { job, calls } = setup([], {});
    expect(await job.run()).toBe(0);
    expect(calls).toEqual([]);
  });

  it('registers its run', async () => {
    const { job, jobs, calls } = setup(['t1'], { t1: 'paid' });
    job.onModuleInit();
    expect(jobs.register).toHaveBeenCalledWith('payouts:retry-transfers', expect.any(Function));
    expect(await jobs.register.mock.calls[0][1]()).toBe(1);
    expect(calls).toEqual(['pay t1', 'currentStatus t1']);
  });
});
