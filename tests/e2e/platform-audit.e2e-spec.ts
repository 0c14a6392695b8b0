import { bearer, cast, pledge, publishCampaign, passDeadline } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';
import { releaseTranche } from '../support/delivery';
import { daysFromNow, fundWithRule, openCall, ratioRule, read, refundPledge, tranchesOf } from '../support/scenario';

/**
 * GET /audit/platform (docs/audit.md): the four services' own figures, read over HTTP and
 * reconciled. Admin only; ok on a real flow (ratio and threshold match, refund before success,
 * success, release); a figure that one service holds differently is reported with its ids.
 */
describe('platform audit across services', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform({ env: { AUDIT_PLATFORM_RETRY_MS: '10' } });
  });
  afterAll(() => p?.close());

  it('is for admins only, also each service figures', async () => {
    const who = cast(p);
    await p.api.get('/audit/platform').expect(401);
    await p.api.get('/audit/platform').set(bearer(who.funder)).expect(403);
    await p.api
      .get('/audit/platform')
      .set(bearer(who.citizen('x')))
      .expect(403);
    for (const s of ['campaigns', 'pledges', 'matching', 'payouts']) {
      await p.api.get(`/audit/${s}/figures`).expect(401);
      await p.api.get(`/audit/${s}/figures`).set(bearer(who.promoter)).expect(403);
      expect((await p.api.get(`/audit/${s}/figures`).set(bearer(who.admin)).expect(200)).body).toMatchObject({ service: s, pendingOutbox: expect.any(Number) });
    }
  });

  it('agrees on a real flow, and reports what one service holds differently', async () => {
    const who = cast(p);
    const call = (await openCall(p, who.funder)).body;
    const fund = await fundWithRule(
      p,
      who.funder,
      { name: 'City', budgetAmount: 1_000_000, sourceTags: ['municipal'] },
      ratioRule(call.id, { maxMatchPerPledge: 40_000 }),
    );
    const { id } = await publishCampaign(p, who, { callId: call.id, goalAmount: 100_000, endsAt: daysFromNow(p, 10) });
    await pledge(p, who.citizen('ada'), id, 30_000);
    await pledge(p, who.citizen('bea'), id, 30_000);
    const refunded = await pledge(p, who.citizen('cris'), id, 5_000);
    await refundPledge(p, who.admin, refunded.id, 'duplicate');
    await p.drain();
    expect(await read(p, '/audit/platform', who.admin)).toMatchObject({ ok: true, status: 'ok', findings: [], attempts: 1 });

    await passDeadline(p, 11);
    const [upfront] = await tranchesOf(p, id);
    await releaseTranche(p, who.funder, upfront.id);
    await p.drain();
    expect(await read(p, '/audit/platform', who.admin)).toMatchObject({
      ok: true,
      status: 'ok',
      checked: { campaigns: expect.any(Number), funds: expect.any(Number) },
    });

    // The campaign page counting a pledge twice is reported, with the campaign and both figures.
    await p.db('campaigns').query(`UPDATE campaigns.campaigns SET pledged_amount = pledged_amount + 30000 WHERE id = $1`, [id]);
    const broken = await read(p, '/audit/platform', who.admin);
    expect(broken).toMatchObject({ ok: false, status: 'findings', attempts: 3 });
    expect(broken.findings).toEqual([
      {
        kind: 'double-counted',
        campaignId: id,
        detail: 'raised (confirmed, not refunded): pledges holds 60000, campaigns holds 90000',
        figures: { pledges: 60_000, campaigns: 90_000 },
      },
    ]);
    await p.db('campaigns').query(`UPDATE campaigns.campaigns SET pledged_amount = pledged_amount - 30000 WHERE id = $1`, [id]);

    // Matching counting more committed than payouts escrowed: stranded match, per fund.
    await p.db('matching').query(`UPDATE matching.funds SET committed = committed + 100, available = available - 100 WHERE id = $1`, [fund.id]);
    const stranded = await read(p, '/audit/platform', who.admin);
    expect(stranded.findings).toEqual([expect.objectContaining({ kind: 'stranded-match', fundId: fund.id })]);
    await p.db('matching').query(`UPDATE matching.funds SET committed = committed - 100, available = available + 100 WHERE id = $1`, [fund.id]);
    expect((await read(p, '/audit/platform', who.admin)).ok).toBe(true);
  });
});
