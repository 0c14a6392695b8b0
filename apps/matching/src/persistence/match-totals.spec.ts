import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { PledgeConfirmed, PledgeRefunded } from '@lib/contracts';
import { matchingOnPglite } from './match-totals.spec-fixture';
import { TOTALS_DRIFT } from './match-totals.sql';
import { MatchTotals1767225600043 } from './migrations/1767225600043-match-totals';

type Matching = Awaited<ReturnType<typeof matchingOnPglite>>;

const confirmed = (pledgeId: string, campaignId: string, donorId: string, amount: number, currency = 'EUR') =>
  ({ type: PledgeConfirmed.type, payload: { pledgeId, campaignId, donorId, amount, currency, confirmedAt: new Date().toISOString() } }) as never;
const refunded = (pledgeId: string, campaignId: string) => ({ type: PledgeRefunded.type, payload: { pledgeId, campaignId, countedAtClose: false } }) as never;

const op = fc.oneof(
  fc.record({ kind: fc.constant('confirm' as const), campaign: fc.nat(1), donor: fc.nat(2), amount: fc.integer({ min: 1, max: 4_000 }) }),
  fc.record({ kind: fc.constant('refund' as const), pledge: fc.nat(20) }),
  fc.record({ kind: fc.constant('withdraw' as const), pledge: fc.nat(20) }),
  fc.record({ kind: fc.constant('settle' as const), campaign: fc.nat(1), succeeded: fc.boolean() }),
);

/**
 * The running totals (campaign_match_totals, rule_match_totals, rule_donor_match_totals) stand for
 * sums of matching.match_allocations that the hot path no longer computes: after every change —
 * reservations, ratio caps and short pools, threshold grants and their release, refunds, withdrawals
 * after the close, success and failure — each total must equal its sum, to the cent.
 */
describe('matching running totals (PGlite)', () => {
  let m: Matching;
  beforeAll(async () => {
    m = await matchingOnPglite();
  }, 60_000);
  afterAll(() => m?.close());

  it('reserves a pledge in 9 statements, as many for the 51st pledge of a campaign as for its first', async () => {
    // find+lock, record, finalized?, rules, lock funds, ratio context, allocate, outbox (match.updated), pending close?
    const fund = await m.fund(100_000_000, 'CNT');
    await m.rule(fund, 'ratio', { type: 'ratio', numerator: 1, denominator: 1 });
    const campaign = await m.campaign(100_000, 'CNT');
    m.counted();
    await m.consumer.handle(confirmed(randomUUID(), campaign, 'first', 1_000, 'CNT'));
    const first = m.counted();
    for (let i = 0; i < 49; i++) await m.consumer.handle(confirmed(randomUUID(), campaign, `d${i}`, 1_000, 'CNT'));
    m.counted();
    await m.consumer.handle(confirmed(randomUUID(), campaign, 'last', 1_000, 'CNT'));
    expect([first, m.counted()]).toEqual([9, 9]);
    expect(await m.matches.liveMatch(campaign)).toBe(51_000);
  });

  it('keeps every running total equal to the sum of the allocations it stands for', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const currency = `Q${String.fromCharCode(65 + (Math.floor(run / 26) % 26))}${String.fromCharCode(65 + (run++ % 26))}`;
        const ratioFund = await m.fund(9_000, currency);
        await m.rule(ratioFund, 'ratio', {
          type: 'ratio',
          numerator: 1,
          denominator: 1,
          maxMatchPerCampaign: 6_000,
          maxMatchPerDonorPerCampaign: 3_000,
          maxMatchedPledgesPerDonorPerCampaign: 2,
        });
        const grantFund = await m.fund(5_000, currency);
        await m.rule(grantFund, 'threshold', { type: 'threshold', thresholdAmount: 3_000, grantAmount: 2_500 });
        const campaigns = [await m.campaign(10_000, currency), await m.campaign(10_000, currency)];
        const pledges: { id: string; campaignId: string }[] = [];
        for (const o of ops) {
          if (o.kind === 'confirm') {
            const id = randomUUID();
            pledges.push({ id, campaignId: campaigns[o.campaign] });
            await m.consumer.handle(confirmed(id, campaigns[o.campaign], `donor-${o.donor}`, o.amount, currency));
          } else if (o.kind === 'settle') {
            await m.settlement.settle(campaigns[o.campaign], o.succeeded);
          } else if (pledges.length > 0) {
            const p = pledges[o.pledge % pledges.length];
            if (o.kind === 'refund') await m.consumer.handle(refunded(p.id, p.campaignId));
            else await m.matches.withdrawRefunded(p.id, p.campaignId);
          }
          expect(await m.query(`SELECT * FROM (${TOTALS_DRIFT}) d WHERE d.key LIKE ANY($1::text[])`, [campaigns.map((c) => `%${c}%`)])).toEqual([]);
        }
      }),
      { numRuns: 30 },
    );
    // what the runs exercised: ratio and threshold matches, each reserved, committed, released and withdrawn
    const seen = await m.query(`SELECT DISTINCT kind, status, withdrawn_at IS NOT NULL AS withdrawn FROM matching.match_allocations WHERE currency LIKE 'Q%'`);
    for (const kind of ['ratio', 'threshold'])
      for (const status of ['reserved', 'committed', 'released']) expect(seen).toContainEqual({ kind, status, withdrawn: false });
    expect(seen).toContainEqual(expect.objectContaining({ kind: 'ratio', withdrawn: true }));
    expect(await m.query(TOTALS_DRIFT)).toEqual([]);
  }, 120_000);

  it('backfills the totals from the allocations there are (the migration, run again over them)', async () => {
    const totals = `SELECT (SELECT sum(live_total) FROM matching.campaign_match_totals) AS c, (SELECT sum(amount) FROM matching.rule_match_totals) AS r,
                           (SELECT sum(pledges) FROM matching.rule_donor_match_totals) AS d`;
    const [before] = await m.query(totals);
    await new MatchTotals1767225600043().down({ query: m.query } as never);
    await new MatchTotals1767225600043().up({ query: m.query } as never);
    expect(await m.query(TOTALS_DRIFT)).toEqual([]);
    expect(await m.query(totals)).toEqual([before]);
    expect(Number(before.d)).toBeGreaterThan(0);
  });
});
