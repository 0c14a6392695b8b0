import { EventEnvelope, PledgeConfirmed, PledgeRefunded } from '@lib/contracts';
import type { CampaignPledgeRepository } from '../persistence/campaign-pledge.repository';
import type { CampaignRepository, MatchingCampaign } from '../persistence/campaign.repository';
import type { FinalizationRepository } from '../persistence/finalization.repository';
import type { FundRepository } from '../persistence/fund.repository';
import type { MatchRepository } from '../persistence/match.repository';
import type { RuleRepository, RuleRow } from '../persistence/rule.repository';
import type { MatchFinalization } from '../services/match-finalization';
import { ReserveMatchesOnPledgeEvents } from './reserve-matches-on-pledge-events.consumer';

const campaign = { campaignId: 'c1', goalAmount: 10_000, currency: 'EUR', callId: null, area: 'a', category: 'k', promoterType: 'ets' } as MatchingCampaign;
const rule = (id: string, fundId: string, type: RuleRow['type'], params: object) => ({ id, fundId, type, params }) as unknown as RuleRow;
const ratioAll = rule('r1', 'f1', 'ratio', { numerator: 1, denominator: 1 });
const ratioHalf = rule('r2', 'f1', 'ratio', { numerator: 1, denominator: 2 });
const threshold = rule('r3', 'f2', 'threshold', { thresholdAmount: 2000, grantAmount: 5000 });

const confirmed = {
  type: PledgeConfirmed.type,
  payload: { pledgeId: 'p1', campaignId: 'c1', donorId: 'd1', amount: 2500, currency: 'EUR', confirmedAt: '2027-01-10T10:00:00.000Z' },
} as unknown as EventEnvelope<never>;
const refunded = (countedAtClose?: boolean) =>
  ({
    type: PledgeRefunded.type,
    payload: { pledgeId: 'p1', campaignId: 'c1', donorId: 'd1', amount: 2500, countedAtClose },
  }) as unknown as EventEnvelope<never>;

interface Setup {
  known?: boolean;
  recorded?: boolean;
  finalized?: boolean;
  caughtUp?: boolean;
  rules?: RuleRow[];
  backers?: number;
  liveGrant?: boolean;
}

function setup(s: Setup = {}) {
  const { known = true, recorded = true, finalized = false, caughtUp = true, rules = [], backers = 2500, liveGrant = false } = s;
  const calls: string[] = [];
  const log =
    <T>(name: string, result?: T) =>
    async (...args: unknown[]) => (calls.push(`${name} ${JSON.stringify(args)}`), result as T);
  const campaigns = { find: jest.fn(log('find', known ? campaign : null)), lock: jest.fn(log('lock')) };
  const pledges = {
    recordConfirmed: jest.fn(log('recordConfirmed', recorded)),
    markRefunded: jest.fn(log('markRefunded', recorded)),
    deferRefund: jest.fn(log('deferRefund')),
    backerTotals: jest.fn(log('backerTotals', new Map([['d1', backers]]))),
  };
  const ruleRepo = {
    applicable: jest.fn(async (_c: unknown, types: string[]) => (calls.push(`applicable ${types}`), rules.filter((r) => types.includes(r.type)))),
  };
  const funds = {
    lockFunds: jest.fn(
      log(
        'lockFunds',
        new Map([
          ['f1', 3000],
          ['f2', 3000],
        ]),
      ),
    ),
  };
  const matches = {
    ratioContext: jest.fn(async () => ({ campaign: 0, donor: 0, donorPledges: 0 })),
    hasLiveGrant: jest.fn(log('hasLiveGrant', liveGrant)),
    allocate: jest.fn(log('allocate', 4321)), // the campaign's live match after the allocation
    announce: jest.fn(log('announce')),
    withdrawRefunded: jest.fn(log('withdrawRefunded')),
    releasePledge: jest.fn(log('releasePledge')),
    releaseGrants: jest.fn(log('releaseGrants')),
  };
  const finalizations = { isFinalized: jest.fn(log('isFinalized', finalized)), caughtUp: jest.fn(log('caughtUp', caughtUp)) };
  const finalization = { finalizeIfComplete: jest.fn(log('finalizeIfComplete')) };
  const consumer = new ReserveMatchesOnPledgeEvents(
    campaigns as unknown as CampaignRepository,
    pledges as unknown as CampaignPledgeRepository,
    ruleRepo as unknown as RuleRepository,
    funds as unknown as FundRepository,
    matches as unknown as MatchRepository,
    finalizations as unknown as FinalizationRepository,
    finalization as unknown as MatchFinalization,
  );
  return { consumer, calls, matches };
}
const writes = (calls: string[]) =>
  calls.filter((c) => /^(allocate|announce|finalizeIfComplete|withdrawRefunded|releasePledge|releaseGrants|deferRefund) /.test(c));

describe('ReserveMatchesOnPledgeEvents, pledge.confirmed', () => {
  it('matches each ratio rule out of what the pool has left, then announces and tries the finalization', async () => {
    const { consumer, calls, matches } = setup({ rules: [ratioAll, ratioHalf] });
    await consumer.handle(confirmed);
    expect(calls.slice(0, 4)).toEqual([
      'find ["c1",{"lock":true}]',
      'recordConfirmed [{"pledgeId":"p1","campaignId":"c1","donorId":"d1","amount":2500,"confirmedAt":"2027-01-10T10:00:00.000Z"}]',
      'isFinalized ["c1"]',
      'applicable ratio,threshold',
    ]);
    expect(matches.allocate.mock.calls.map(([a]) => a)).toEqual([
      { fundId: 'f1', ruleId: 'r1', campaignId: 'c1', pledgeId: 'p1', donorId: 'd1', amount: 2500, currency: 'EUR', kind: 'ratio' },
      { fundId: 'f1', ruleId: 'r2', campaignId: 'c1', pledgeId: 'p1', donorId: 'd1', amount: 500, currency: 'EUR', kind: 'ratio' }, // 3000 - 2500 left
    ]);
    expect(calls.slice(-2)).toEqual(['announce ["c1",4321]', 'finalizeIfComplete ["c1"]']); // the live match allocate returned, not read again
  });

  it.each([
    ['partial when the pool is short', 5000, 3000, true],
    ['whole', 3000, 3000, false],
  ])('reserves a threshold grant the crowd reaches now, %s', async (_case, grantAmount, amount, partial) => {
    const { consumer, matches } = setup({ rules: [rule('r3', 'f2', 'threshold', { thresholdAmount: 2000, grantAmount })] });
    await consumer.handle(confirmed);
    expect(matches.allocate.mock.calls).toEqual([
      [{ fundId: 'f2', ruleId: 'r3', campaignId: 'c1', pledgeId: null, donorId: null, amount, currency: 'EUR', kind: 'threshold', partial }],
    ]);
  });

  it.each([
    ['the rule has a live grant already', { liveGrant: true }],
    ['the crowd is below the threshold', { backers: 1999 }],
  ])('reserves no threshold grant when %s, yet announces', async (_why, s) => {
    const { consumer, calls } = setup({ rules: [threshold], ...s });
    await consumer.handle(confirmed);
    expect(writes(calls)).toEqual(['announce ["c1",null]', 'finalizeIfComplete ["c1"]']); // nothing allocated: announce reads the live match
  });

  it('retries an event of a campaign not known yet, touching nothing', async () => {
    const { consumer, calls } = setup({ known: false, rules: [ratioAll] });
    await expect(consumer.handle(confirmed)).rejects.toMatchObject({ code: 'CAMPAIGN_NOT_YET_KNOWN' });
    expect(calls).toEqual(['find ["c1",{"lock":true}]']);
  });

  it.each([
    ['a pledge recorded already (a repeated event)', { recorded: false }],
    ['a campaign whose match is finalized', { finalized: true }],
  ])('matches nothing for %s', async (_why, s) => {
    const { consumer, calls } = setup({ rules: [ratioAll, threshold], ...s });
    await consumer.handle(confirmed);
    expect(writes(calls)).toEqual([]);
    expect(calls.some((c) => c.startsWith('applicable') || c.startsWith('lockFunds'))).toBe(false);
  });
});

describe('ReserveMatchesOnPledgeEvents, pledge.refunded', () => {
  it('before the close: releases the pledge (locking the threshold funds) and a grant the crowd no longer reaches', async () => {
    const { consumer, calls } = setup({ rules: [ratioAll, threshold], backers: 0, caughtUp: false }); // not counted at the close: no wait
    await consumer.handle(refunded());
    expect(calls.slice(0, 2)).toEqual(['lock ["c1"]', 'markRefunded ["p1",false]']);
    expect(writes(calls)).toEqual(['releasePledge ["p1",["f2"]]', 'releaseGrants ["r3","c1"]', 'announce ["c1"]', 'finalizeIfComplete ["c1"]']);
  });

  it('keeps a grant the crowd still reaches', async () => {
    const { consumer, calls } = setup({ rules: [threshold], backers: 2000 });
    await consumer.handle(refunded(false));
    expect(writes(calls)).toEqual(['releasePledge ["p1",["f2"]]', 'announce ["c1"]', 'finalizeIfComplete ["c1"]']);
  });

  it('changes nothing for a pledge refunded already', async () => {
    const { consumer, calls } = setup({ recorded: false, rules: [threshold] });
    await consumer.handle(refunded());
    expect(calls).toEqual(['lock ["c1"]', 'markRefunded ["p1",false]']);
  });

  it.each([false, true])("after the finalization (countedAtClose %s) withdraws only the pledge's own match", async (countedAtClose) => {
    const { consumer, calls } = setup({ finalized: true, rules: [threshold] });
    await consumer.handle(refunded(countedAtClose));
    expect(writes(calls)).toEqual(['withdrawRefunded ["p1","c1"]']);
  });

  it('counted at the close but matching not caught up: defers the refund', async () => {
    const { consumer, calls } = setup({ caughtUp: false, rules: [threshold] });
    await consumer.handle(refunded(true));
    expect(writes(calls)).toEqual(['deferRefund ["p1"]', 'finalizeIfComplete ["c1"]']);
  });

  it('counted at the close and caught up: releases the pledge without recomputing grants', async () => {
    const { consumer, calls } = setup({ rules: [threshold], backers: 0 });
    await consumer.handle(refunded(true));
    expect(calls).not.toContain('applicable threshold');
    expect(writes(calls)).toEqual(['releasePledge ["p1",[]]', 'announce ["c1"]', 'finalizeIfComplete ["c1"]']);
  });

  it('of a campaign matching does not know: releases the pledge only', async () => {
    const { consumer, calls } = setup({ known: false, rules: [threshold] });
    await consumer.handle(refunded());
    expect(writes(calls)).toEqual(['releasePledge ["p1",[]]', 'announce ["c1"]', 'finalizeIfComplete ["c1"]']);
  });
});
