import { randomUUID } from 'node:crypto';
import { bearer, cast, passDeadline, pledge } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';
import { campaignLedger, confirmPayment, payoutAccount, releaseTranche, settleMilestone } from '../support/delivery';
import { approvedCampaign, deliveryCampaign, fundOf, fundWithRule, ledgerAudit, openCall, ratioRule, read, statusOf, tranchesOf } from '../support/scenario';

/**
 * The whole money flow, end to end: a call with two stacked funds, three campaigns — A fails, B
 * succeeds and meets every milestone, C succeeds, reaches 60% of a proportional milestone and misses
 * a binary one — then releases, payouts, returns to the pools, the transparency export and the
 * audit, with every figure computed by hand (comments) and checked to the cent.
 */
describe('pay by result: from pledges to paid tranches and returns', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
  });
  afterAll(() => p?.close());

  it('moves every cent where the rules say, and the audit agrees', async () => {
    const city = cast(p);
    const foundation = cast(p);
    const promoterB = cast(p);
    const promoterC = cast(p);
    const call = (await openCall(p, city.funder)).body;
    const cityRule = ratioRule(call.id, { maxMatchPerDonorPerCampaign: 20_000 });
    const cityFund = await fundWithRule(p, city.funder, { name: 'Comune — match', budgetAmount: 1_000_000, sourceTags: ['municipal', 'ESF+'] }, cityRule);
    const grant = { type: 'threshold', thresholdBps: 5000, grantBpsOfGoal: 1000, eligibility: { callIds: [call.id] } };
    const foundationFund = await fundWithRule(p, foundation.funder, { name: 'Fondazione — grant', budgetAmount: 100_000, sourceTags: ['foundation'] }, grant);

    const campaign = (who: typeof promoterB, title: string, policy: string) => {
      const body = deliveryCampaign(p, call.id, 'proportional', { title, summary: 's', description: 'd', failedMilestonePolicy: policy });
      return approvedCampaign(p, who.promoter, city.funder, body);
    };
    const a = await campaign(cast(p), 'A fails', 'refund_donor_share');
    const b = await campaign(promoterB, 'B meets every milestone', 'refund_donor_share');
    const c = await campaign(promoterC, 'C reaches 60% and misses one', 'refund_donor_share');
    await p.drain();

    // A: 20,000 crowd + 20,000 city match = 40,000 < 100,000 → fails. B and C: 2 × 30,000 crowd,
    // city 2 × 20,000 (per-donor cap), foundation grant 10% of the goal = 10,000 → 110,000 ≥ goal.
    await pledge(p, city.citizen('ada'), a, 20_000);
    for (const id of [b, c]) {
      await pledge(p, city.citizen('bea'), id, 30_000);
      await pledge(p, city.citizen('cris'), id, 30_000);
    }
    await passDeadline(p, 11);
    expect([await statusOf(p, a), await statusOf(p, b), await statusOf(p, c)]).toEqual(['failed', 'in_delivery', 'in_delivery']);

    // Tranches of B (same for C): crowd 60,000 → 18,000 / 24,000 / 18,000; city 40,000 → 12,000 / 16,000 / 12,000; foundation 10,000 → 3,000 / 4,000 / 3,000.
    const tranches = (id: string) => tranchesOf(p, id);
    const tb = await tranches(b);
    expect(tb.map((t: { kind: string; donorShare: number; amount: number; status: string }) => [t.kind, t.donorShare, t.amount, t.status])).toEqual([
      ['upfront', 18_000, 33_000, 'eligible'],
      ['milestone', 24_000, 44_000, 'planned'],
      ['milestone', 18_000, 33_000, 'planned'],
    ]);
    expect(await tranches(a)).toEqual([]);

    // Payout accounts: B by Stripe Connect (sandbox), C by bank transfer.
    const onboarding = await payoutAccount(p, promoterB.promoter);
    expect(onboarding.body.onboardingUrl).toEqual(expect.any(String));
    await payoutAccount(p, promoterC.promoter, { method: 'external', iban: 'IT60X0542811101000000123457', accountHolder: 'APS C' }, 400);
    await payoutAccount(p, promoterC.promoter, { method: 'external', iban: 'IT60 X054 2811 1010 0000 0123 456', accountHolder: 'APS C' });

    // Releases: only funders with a share (or admins); a planned tranche cannot be released; 20 concurrent releases move money once.
    await p.api.post(`/tranches/${tb[0].id}/release`).set(bearer(promoterB.promoter)).expect(403);
    const stranger = p.token('stranger-funder', 'funder');
    await p.api.post(`/tranches/${tb[0].id}/release`).set(bearer(stranger)).expect(403);
    await p.api.post(`/tranches/${tb[1].id}/release`).set(bearer(city.funder)).expect(409);
    const burst = await Promise.all(Array.from({ length: 20 }, () => p.api.post(`/tranches/${tb[0].id}/release`).set(bearer(city.funder))));
    expect(burst.map((r) => r.status).sort()).toEqual([200, ...Array(19).fill(409)]);
    expect((await tranches(b))[0]).toMatchObject({ status: 'paid', payout: { method: 'stripe_connect' } });
    // The payouts service dies after writing the ledger and its event, before relaying the event:
    // on restart the outbox delivers it, and matching spends the funds' shares exactly once.
    const pending = await p.db('payouts').query(`SELECT 1 FROM payouts.outbox_messages WHERE event_type = 'tranche.released.v1' AND published_at IS NULL`);
    expect(pending).toHaveLength(1);
    await p.restart();
    await p.drain();
    expect(await fundOf(p, cityFund.id)).toMatchObject({ spent: 12_000 });

    // Milestones: B meets both; C reaches 90/150 = 60% of the proportional one and 10/20 of the binary one.
    const verify = (id: string, who: typeof promoterB, index: number, reported: number, verified: number) =>
      settleMilestone(p, { promoter: who.promoter, verifier: city.verifier }, id, index, { reported, verified, description: 'report' });
    await verify(b, promoterB, 0, 150, 150);
    await verify(b, promoterB, 1, 20, 20);
    await verify(c, promoterC, 0, 95, 90);
    await verify(c, promoterC, 1, 12, 10);
    await p.drain();
    // Every milestone of B is decided, but its two milestone tranches are eligible and unpaid: B is
    // still in delivery. Completed means every tranche paid or forfeited (issue 17 #18).
    expect(await statusOf(p, b)).toBe('in_delivery');

    const tc = await tranches(c);
    // C, milestone 1 at 6000 bps: donors 24,000 → 14,400, city 16,000 → 9,600, foundation 4,000 → 2,400 = 26,400 due.
    expect(tc[1]).toMatchObject({ status: 'eligible', achievementBps: 6000, dueAmount: 26_400 });
    // C, milestone 2 (binary, 10/20): nothing earned; the whole tranche is forfeited.
    expect(tc[2]).toMatchObject({ status: 'forfeited', dueAmount: 0 });

    for (const t of (await tranches(b)).filter((x: { status: string }) => x.status === 'eligible')) await releaseTranche(p, foundation.funder, t.id);
    for (const t of [tc[0], tc[1]]) {
      const released = await p.api.post(`/tranches/${t.id}/release`).set(bearer(foundation.funder)).set('Idempotency-Key', `release-${t.id}`).expect(200);
      expect(released.body.status).toBe('released'); // external: waits for the treasury's transfer
      await p.api.post(`/tranches/${t.id}/release`).set(bearer(foundation.funder)).set('Idempotency-Key', `release-${t.id}`).expect(200); // replay
      await confirmPayment(p, foundation.funder, t.id, `BANK-${t.id.slice(0, 6)}`);
    }
    await p.drain();
    expect((await tranches(b)).map((t: { status: string }) => t.status)).toEqual(['paid', 'paid', 'paid']);
    expect((await tranches(c)).map((t: { status: string }) => t.status)).toEqual(['paid', 'paid', 'forfeited']);
    expect([await statusOf(p, b), await statusOf(p, c)]).toEqual(['completed', 'completed']);

    // The pools, by hand. City: committed B 40,000 + C 40,000; C returns 6,400 + 12,000 = 18,400;
    // spent = B 40,000 + C (12,000 + 9,600) = 61,600; available = 1,000,000 − 80,000 + 18,400.
    const pool = (id: string) => fundOf(p, id);
    expect(await pool(cityFund.id)).toMatchObject({ budgetAmount: 1_000_000, available: 938_400, reserved: 0, committed: 0, spent: 61_600, returned: 0 });
    // Foundation: grants B 10,000 + C 10,000; C returns 1,600 + 3,000; spent 10,000 + 3,000 + 2,400.
    expect(await pool(foundationFund.id)).toMatchObject({
      budgetAmount: 100_000,
      available: 84_600,
      reserved: 0,
      committed: 0,
      spent: 15_400,
      returned: 0,
    });

    // Escrow: C holds nothing; the donors' forfeited 9,600 + 18,000 went back to them pro rata:
    // bea and cris pledged 30,000 each, so each got 4,800 + 9,000 = 13,800 back.
    const ledgerC = await campaignLedger(p, c);
    const balance = ledgerC.balance;
    expect(balance(`escrow:campaign:${c}:crowd`)).toBe(0);
    expect(balance(`refunds:campaign:${c}:donors`)).toBe(0);
    expect(ledgerC.sum('donor_share_refunded')).toBe(27_600);
    const beaPledges = await read(p, '/me/pledges', city.citizen('bea'));
    expect(beaPledges.find((x: { campaignId: string }) => x.campaignId === c)).toMatchObject({ status: 'confirmed', amount: 30_000, refundedAmount: 13_800 });
    expect(beaPledges.find((x: { campaignId: string }) => x.campaignId === b)).toMatchObject({ refundedAmount: 0 });
    expect(balance(`escrow:campaign:${c}:match:${cityFund.id}`)).toBe(0);

    const fundLedger = await read(p, `/ledger/funds/${cityFund.id}`);
    const figures = { committedToCampaigns: 80_000, releasedToPromoters: 61_600, returnedToFund: 18_400, heldInEscrow: 0 };
    expect(fundLedger).toMatchObject({ sourceTags: ['municipal', 'ESF+'], ...figures });
    // two tags and no declared shares: the fund is reported once, undivided — not its figures under each tag (issue 17 #17)
    expect(fundLedger.bySourceTag).toEqual([{ sourceTag: null, shareBps: 10_000, declared: false, ...figures }]);

    const exported = await read(p, '/transparency/export?format=json');
    const cityRows = exported.filter((r: { fundId: string }) => r.fundId === cityFund.id);
    const sum = (movement: string) =>
      cityRows.filter((r: { movement: string }) => r.movement === movement).reduce((s: number, r: { amount: number }) => s + r.amount, 0);
    expect([sum('committed'), sum('released'), sum('returned')]).toEqual([80_000, 61_600, 18_400]);
    const csv = await p.api.get('/transparency/export?format=csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.split('\n')[0]).toBe('date,fundId,sourceTags,campaignId,trancheId,movement,amount,currency,status,sourceShares');

    await p.api.get('/ledger/audit').set(bearer(city.funder)).expect(403);
    expect(await ledgerAudit(p, city.admin)).toEqual({ ok: true, violations: [], openItems: [] });

    // The audit can fail: a match share that no longer equals what the fund committed is reported, by campaign and fund.
    const [share] = await p
      .db('payouts')
      .query(
        `SELECT s.tranche_id, s.fund_id FROM payouts.tranche_match_shares s JOIN payouts.tranches t ON t.id = s.tranche_id WHERE t.campaign_id = $1 AND s.fund_id = $2 LIMIT 1`,
        [c, cityFund.id],
      );
    await p
      .db('payouts')
      .query(`UPDATE payouts.tranche_match_shares SET amount = amount + 1 WHERE tranche_id = $1 AND fund_id = $2`, [share.tranche_id, share.fund_id]);
    const broken = await ledgerAudit(p, city.admin);
    expect(broken.ok).toBe(false);
    expect(broken.violations).toEqual([expect.objectContaining({ check: 'match-shares-sum-to-committed', ids: [c, cityFund.id] })]);
    const [planned, committed] = (/^match shares (\d+) differ from the committed (\d+)$/.exec(broken.violations[0].detail) ?? []).slice(1).map(Number);
    expect(planned).toBe(committed + 1);
    await p
      .db('payouts')
      .query(`UPDATE payouts.tranche_match_shares SET amount = amount - 1 WHERE tranche_id = $1 AND fund_id = $2`, [share.tranche_id, share.fund_id]);
  });

  it('settles a milestone once when its verification is delivered twice', async () => {
    const [row] = await p.db('payouts').query(`SELECT count(*)::int AS n FROM payouts.ledger_transactions WHERE kind = 'match_returned'`);
    const [ev] = await p
      .db('campaigns')
      .query(`SELECT envelope FROM campaigns.outbox_messages WHERE event_type = 'milestone.verified.v1' ORDER BY id DESC LIMIT 1`);
    const copy = { ...ev.envelope, id: randomUUID() }; // the same outcome, re-sent as a new event
    await p
      .db('campaigns')
      .query(
        `INSERT INTO campaigns.outbox_messages (event_id, event_type, topic, message_key, envelope) VALUES ($1, 'milestone.verified.v1', 'campaigns.campaign', $2, $3)`,
        [copy.id, copy.aggregateId, JSON.stringify(copy)],
      );
    await p.db('campaigns').query(`UPDATE campaigns.outbox_messages SET published_at = NULL WHERE event_type LIKE 'milestone.%'`);
    await p.drain();
    const [after] = await p.db('payouts').query(`SELECT count(*)::int AS n FROM payouts.ledger_transactions WHERE kind = 'match_returned'`);
    expect(after.n).toBe(row.n);
    const admin = p.token('auditor', 'admin');
    expect((await ledgerAudit(p, admin)).ok).toBe(true);
  });
});
