import { aCall, isoIn } from '../support/fixtures';
import { bearer, cast, pledge, publishCampaign, passDeadline } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';

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
    const now = p.clock.now().getTime();
    const call = (
      await p.api
        .post('/calls')
        .set(bearer(who.funder))
        .send(aCall({ opensAt: isoIn(-1, now), closesAt: isoIn(90, now) }))
        .expect(201)
    ).body;
    const fund = (
      await p.api
        .post('/funds')
        .set(bearer(who.funder))
        .send({ name: 'City', currency: 'EUR', budgetAmount: 1_000_000, sourceTags: ['municipal'] })
        .expect(201)
    ).body;
    await p.api
      .post(`/funds/${fund.id}/rules`)
      .set(bearer(who.funder))
      .send({ type: 'ratio', numerator: 1, denominator: 1, maxMatchPerPledge: 40_000, eligibility: { callIds: [call.id] } })
      .expect(201);
    const { id } = await publishCampaign(p, who, { callId: call.id, goalAmount: 100_000, endsAt: isoIn(10, now) });
    await pledge(p, who.citizen('ada'), id, 30_000);
    await pledge(p, who.citizen('bea'), id, 30_000);
    const refunded = await pledge(p, who.citizen('cris'), id, 5_000);
    await p.api.post(`/pledges/${refunded.id}/refund`).set(bearer(who.admin)).send({ reason: 'duplicate' }).expect(200);
    await p.drain();
    const admin = bearer(who.admin);
    expect((await p.api.get('/audit/platform').set(admin).expect(200)).body).toMatchObject({ ok: true, status: 'ok', findings: [], attempts: 1 });

    await passDeadline(p, 11);
    const [upfront] = (await p.api.get(`/campaigns/${id}/tranches`).expect(200)).body;
    await p.api.post(`/tranches/${upfront.id}/release`).set(bearer(who.funder)).expect(200);
    await p.drain();
    expect((await p.api.get('/audit/platform').set(admin).expect(200)).body).toMatchObject({
      ok: true,
      status: 'ok',
      checked: { campaigns: expect.any(Number), funds: expect.any(Number) },
    });

    // The campaign page counting a pledge twice is reported, with the campaign and both figures.
    await p.db('campaigns').query(`UPDATE campaigns.campaigns SET pledged_amount = pledged_amount + 30000 WHERE id = $1`, [id]);
    const broken = (await p.api.get('/audit/platform').set(admin).expect(200)).body;
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
    const stranded = (await p.api.get('/audit/platform').set(admin).expect(200)).body;
    expect(stranded.findings).toEqual([expect.objectContaining({ kind: 'stranded-match', fundId: fund.id })]);
    await p.db('matching').query(`UPDATE matching.funds SET committed = committed - 100, available = available + 100 WHERE id = $1`, [fund.id]);
    expect((await p.api.get('/audit/platform').set(admin).expect(200)).body.ok).toBe(true);
  });
});
