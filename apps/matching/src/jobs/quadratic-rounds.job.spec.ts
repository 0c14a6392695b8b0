import type { Clock, JobRegistry, Tx } from '@lib/platform';
import type { CampaignPledgeRepository } from '../persistence/campaign-pledge.repository';
import type { CampaignRepository } from '../persistence/campaign.repository';
import type { FundRepository } from '../persistence/fund.repository';
import type { MatchRepository } from '../persistence/match.repository';
import type { RoundReadModel } from '../persistence/round.read-model';
import type { RoundRepository, Tallies } from '../persistence/round.repository';
import type { QuadraticRule, RuleRepository } from '../persistence/rule.repository';
import type { MatchFinalization } from '../services/match-finalization';
import { QuadraticRoundsJob } from './quadratic-rounds.job';

const now = new Date('2027-03-01T01:00:00.000Z');
const endsAt = '2027-03-01T00:00:00.000Z';
const rule = {
  id: 'r1',
  fundId: 'f1',
  currency: 'EUR',
  eligibility: {},
  params: { roundStartsAt: '2027-02-01T00:00:00.000Z', roundEndsAt: endsAt },
} as QuadraticRule;
// c1: three donors of 10 EUR, an ideal of 6000 cents; c2: one donor, no ideal
const contributions = [
  { campaignId: 'c1', donorSums: [1000, 1000, 1000] },
  { campaignId: 'c2', donorSums: [2500] },
];

interface Setup {
  due?: string[];
  fundClosed?: boolean;
  cutoff?: { tallies: Tallies | null };
  held?: Map<string, number>;
  eligible?: string[];
  requested?: boolean;
  claimed?: boolean;
  pool?: number;
}

function setup(s: Setup = {}) {
  const { due = ['r1'], fundClosed = false, cutoff, held = new Map(), eligible = ['c1', 'c2'], requested = true, claimed = true, pool = 10_000 } = s;
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
  const rules = { getQuadratic: jest.fn(log('getQuadratic', rule)) };
  const rounds = {
    dueBy: jest.fn(async () => due),
    findCutoff: jest.fn(log('findCutoff', cutoff)),
    requestCutoff: jest.fn(log('requestCutoff', requested)),
    claimFinal: jest.fn(log('claimFinal', claimed)),
    setFigures: jest.fn(log('setFigures')),
    addResult: jest.fn(log('addResult')),
  };
  const reads = { eligible: jest.fn(log('eligible', eligible)), contributions: jest.fn(async () => contributions) };
  const campaigns = { lockPublishedBefore: jest.fn(log('lockPublishedBefore')) };
  const pledges = { receivedBefore: jest.fn(log('receivedBefore', held)) };
  const funds = { isClosed: jest.fn(log('isClosed', fundClosed)), lockFunds: jest.fn(log('lockFunds', new Map([['f1', pool]]))) };
  const matches = { allocate: jest.fn(log('allocate', 6000)), announce: jest.fn(log('announce')) };
  const finalization = { finalizeIfComplete: jest.fn(log('finalizeIfComplete')), finalizeWaiting: jest.fn(async () => 2) };
  const jobs = { register: jest.fn() };
  const job = new QuadraticRoundsJob(
    jobs as unknown as JobRegistry,
    txHost as unknown as Tx,
    rules as unknown as RuleRepository,
    rounds as unknown as RoundRepository,
    reads as unknown as RoundReadModel,
    campaigns as unknown as CampaignRepository,
    pledges as unknown as CampaignPledgeRepository,
    funds as unknown as FundRepository,
    matches as unknown as MatchRepository,
    finalization as unknown as MatchFinalization,
    { now: () => now } as Clock,
  );
  return { job, jobs, calls, rounds, txHost };
}
const finalized = (calls: string[]) => calls.some((c) => c.startsWith('claimFinal'));

describe('QuadraticRoundsJob', () => {
  it('registers its run', async () => {
    const { job, jobs, rounds } = setup({ due: [] });
    job.onModuleInit();
    expect(jobs.register).toHaveBeenCalledWith('matching:finalize-rounds', expect.any(Function));
    expect(await jobs.register.mock.calls[0][1]()).toBe(2); // campaigns waiting, released
    expect(rounds.dueBy).toHaveBeenCalledWith(now);
  });

  it('asks pledges for the cut-off tally of the eligible campaigns first, finalizing nothing', async () => {
    const { job, calls } = setup();
    expect(await job.finalizeDue()).toBe(1 + 2);
    expect(calls).toContain(`requestCutoff ["r1","${endsAt}",["c1","c2"],"${now.toISOString()}"]`);
    expect(finalized(calls)).toBe(false);
  });

  it('counts no request the repository had already', async () => {
    const { job } = setup({ requested: false });
    expect(await job.finalizeDue()).toBe(2);
  });

  it.each([
    ["awaiting pledges' answer", { cutoff: { tallies: null } }],
    ['still missing a tallied pledge', { cutoff: { tallies: [{ campaignId: 'c1', announced: 3 }] }, held: new Map([['c1', 2]]) }],
  ])('finalizes nothing while %s', async (_why, s) => {
    const { job, calls } = setup(s);
    expect(await job.finalizeDue()).toBe(2);
    expect(finalized(calls)).toBe(false);
    expect(calls.some((c) => c.startsWith('requestCutoff'))).toBe(false);
  });

  it('finalizes once matching holds the tallied pledges: locks campaigns then fund, reserves each match exactly', async () => {
    const { job, calls } = setup({ cutoff: { tallies: [{ campaignId: 'c1', announced: 3 }] }, held: new Map([['c1', 3]]) });
    expect(await job.finalizeDue()).toBe(1 + 2);
    expect(calls.slice(calls.indexOf('findCutoff ["r1"]') + 1)).toEqual([
      `receivedBefore [["c1"],"${endsAt}"]`,
      `lockPublishedBefore ["EUR","${endsAt}"]`,
      'lockFunds [["f1"]]',
      `claimFinal ["r1","${now.toISOString()}"]`,
      'setFigures ["r1",10000,4000]',
      expect.stringMatching(/^addResult \["r1",\{"campaignId":"c1",.*"idealAmount":6000,"matchAmount":6000/),
      'allocate [{"fundId":"f1","ruleId":"r1","campaignId":"c1","pledgeId":null,"donorId":null,"amount":6000,"currency":"EUR","kind":"quadratic"}]',
      'announce ["c1",6000]',
      'finalizeIfComplete ["c1"]',
      expect.stringMatching(/^addResult \["r1",\{"campaignId":"c2",.*"matchAmount":0/),
      'finalizeIfComplete ["c2"]', // no match to reserve, but it waited for the round
    ]);
  });

  it('finalizes a round of a closed fund at once, without a cut-off', async () => {
    const { job, calls } = setup({ fundClosed: true, pool: 0 });
    expect(await job.finalizeDue()).toBe(1 + 2);
    expect(calls.some((c) => c.startsWith('findCutoff') || c.startsWith('requestCutoff') || c.startsWith('allocate'))).toBe(false);
    expect(calls).toContain('setFigures ["r1",0,0]');
  });

  it('finalizes a round without eligible campaigns at once', async () => {
    const { job, calls } = setup({ eligible: [] });
    expect(await job.finalizeDue()).toBe(1 + 2);
    expect(calls.some((c) => c.startsWith('requestCutoff'))).toBe(false);
    expect(finalized(calls)).toBe(true);
  });

  it('writes nothing when another run finalized the round already', async () => {
    const { job, calls } = setup({ eligible: [], claimed: false });
    expect(await job.finalizeDue()).toBe(2);
    expect(calls.some((c) => /^(setFigures|addResult|allocate|announce|finalizeIfComplete) /.test(c))).toBe(false);
  });

  it('closes each due round in its own transaction', async () => {
    const { job, calls, txHost } = setup({ due: ['r1', 'r2'] });
    expect(await job.finalizeDue()).toBe(2 + 2);
    expect(txHost.withTransaction).toHaveBeenCalledTimes(2);
    expect(calls.filter((c) => c.endsWith('(no tx)'))).toEqual([]);
  });
});
