import { aCampaign, isoIn } from '../support/fixtures';
import { bearer, cast, passDeadline, pledge } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';
import { submitEvidence } from '../support/delivery';
import { aMilestone, campaignOf, createFund, draftCampaign, keepItAll, openCall, read } from '../support/scenario';

/**
 * Issue 17, paths no other suite walked (campaign-edges.delivery.e2e-spec.ts has the rest): milestones
 * that could never be verified (#5), a reject that dropped its reason and bodies nobody validated (#19).
 */
describe('campaign edges', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
  });
  afterAll(() => p?.close());

  const milestone = (overrides: Record<string, unknown> = {}) => aMilestone(p, overrides);

  it('#5 refuses milestones that can never be verified, and out-of-range values, with 400 (never 500)', async () => {
    const who = cast(p);
    const now = p.clock.now().getTime();
    const call = (await openCall(p, who.funder)).body;
    const draft = (overrides: Record<string, unknown>) =>
      aCampaign(call.id, { startsAt: isoIn(-1, now), endsAt: isoIn(30, now), milestones: [milestone(overrides)] });
    const before = await p.db('campaigns').query(`SELECT count(*)::int AS n FROM campaigns.campaigns WHERE promoter_id = $1`, [who.promoterId]);

    const same = await p.api
      .post('/campaigns')
      .set(bearer(who.promoter))
      .send(draft({ baseline: 50, target: 50 }))
      .expect(400);
    expect(same.body).toMatchObject({ code: 'MILESTONE_TARGET_EQUALS_BASELINE' });
    // Equal at the indicator resolution (10^-6) is equal too.
    await p.api
      .post('/campaigns')
      .set(bearer(who.promoter))
      .send(draft({ baseline: 1, target: 1.0000000001 }))
      .expect(400);
    for (const bad of [{ target: 1.7e308 }, { baseline: -1e10 }, { target: 1e9 + 1 }]) {
      await p.api.post('/campaigns').set(bearer(who.promoter)).send(draft(bad)).expect(400);
    }
    const after = await p.db('campaigns').query(`SELECT count(*)::int AS n FROM campaigns.campaigns WHERE promoter_id = $1`, [who.promoterId]);
    expect(after[0].n).toBe(before[0].n); // nothing was created
    await draftCampaign(p, who.promoter, draft({ baseline: 10, target: 0 })); // going down is fine

    const { id } = await keepItAll(p, who);
    await pledge(p, who.citizen('ada'), id, 10_000);
    await passDeadline(p, 11);
    const m = (await campaignOf(p, id)).milestones[0];
    const url = `/campaigns/${id}/milestones/${m.id}`;
    await p.api.post(`${url}/evidence`).set(bearer(who.promoter)).send({ reportedValue: 1.7e308, description: 'r', documents: [] }).expect(400);
    await submitEvidence(p, who.promoter, id, m.id, 100);
    for (const verifiedValue of [1.7e308, -1.7e308, 1e9 + 1]) {
      const r = await p.api.post(`${url}/verification`).set(bearer(who.verifier)).send({ verifiedValue, approved: true });
      expect(r.status).toBe(400);
    }
    expect((await campaignOf(p, id)).milestones[0]).toMatchObject({ status: 'evidence_submitted' }); // nothing changed
    await p.api.post(`${url}/verification`).set(bearer(who.verifier)).send({ verifiedValue: 1e9, approved: true }).expect(200);
  });

  it('#19 reject takes a required reason, stores, returns and audits it; unknown fields are refused on every body', async () => {
    const who = cast(p);
    const now = p.clock.now().getTime();
    const call = (await openCall(p, who.funder)).body;
    const draft = (await draftCampaign(p, who.promoter, aCampaign(call.id, { startsAt: isoIn(-1, now), endsAt: isoIn(30, now), milestones: [milestone()] })))
      .body;
    // Bodies on routes that take none: unknown fields are a 400, and nothing happens.
    const submitted = await p.api.post(`/campaigns/${draft.id}/submit`).set(bearer(who.promoter)).send({ force: true });
    expect(submitted.status).toBe(400);
    expect((await read(p, `/campaigns/${draft.id}`, who.promoter)).status).toBe('draft');
    await p.api.post(`/campaigns/${draft.id}/submit`).set(bearer(who.promoter)).send({}).expect(200); // an empty body is no body

    const reject = `/campaigns/${draft.id}/reject`;
    await p.api.post(reject).set(bearer(who.funder)).expect(400); // the reason is required
    await p.api.post(reject).set(bearer(who.funder)).send({ reason: '' }).expect(400);
    await p.api.post(reject).set(bearer(who.funder)).send({ reason: '   ' }).expect(400);
    await p.api
      .post(reject)
      .set(bearer(who.funder))
      .send({ reason: 'x'.repeat(1001) })
      .expect(400);
    await p.api.post(reject).set(bearer(who.funder)).send({ reason: 'Budget unclear', extra: 1 }).expect(400);
    await p.api.post(`/campaigns/${draft.id}/approve`).set(bearer(who.funder)).send({ reason: 'no body here' }).expect(400);
    expect((await read(p, `/campaigns/${draft.id}`, who.promoter)).status).toBe('submitted'); // nothing changed

    const rejected = await p.api.post(reject).set(bearer(who.funder)).send({ reason: 'The budget does not show the co-financing' }).expect(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', statusReason: 'The budget does not show the co-financing' });
    expect((await read(p, `/campaigns/${draft.id}`, who.promoter)).statusReason).toBe('The budget does not show the co-financing');
    const audit = (await read(p, `/audit/campaigns?action=campaign.reject&resourceId=${draft.id}`, who.admin)).items;
    const ok = audit.filter((e: { outcome: string }) => e.outcome === 'succeeded');
    expect(ok).toHaveLength(1);
    expect(ok[0]).toMatchObject({ actorId: who.funderId, details: { body: { reason: 'The budget does not show the co-financing' } } });

    // Every other bodiless POST refuses unknown fields too, in every service.
    const { id } = await keepItAll(p, who);
    await p.api.post(`/campaigns/${id}/cancel`).set(bearer(who.promoter)).send({ reason: 'ok', force: true }).expect(400);
    const fund = (await createFund(p, who.funder, { name: 'Fund to close', budgetAmount: 10_000, sourceTags: ['municipal'] })).body;
    const closing = await p.api.post(`/funds/${fund.id}/close`).set(bearer(who.funder)).send({ returnTo: 'someone-else' }).expect(400);
    expect(closing.body).toMatchObject({ code: 'BODY_NOT_ALLOWED' });
    expect(await read(p, `/funds/${fund.id}`, who.funder)).toMatchObject({ available: 10_000, returned: 0 });
    await p.api.post(`/funds/${fund.id}/close`).set(bearer(who.funder)).send([1]).expect(400);
    await p.api
      .post(`/funds/${fund.id}/close`)
      .set(bearer(who.funder))
      .expect((r) => expect(r.status).toBeLessThan(300));
    expect(await read(p, `/funds/${fund.id}`, who.funder)).toMatchObject({ available: 0, returned: 10_000 });
  });
});
