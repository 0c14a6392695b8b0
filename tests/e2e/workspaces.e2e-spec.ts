import { aCampaign } from '../support/fixtures';
import { bearer, cast, passDeadline, pledge, publishCampaign } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';

/**
 * The read models behind the web app's workspaces, and who may read them: a promoter's own
 * campaigns, a call's campaigns for the funder who opened it, the verifiers' queue, the list of
 * funds (public) and a funder's own funds, and the public client configuration.
 */
describe('workspaces: my campaigns, a call’s campaigns, the verification queue, funds, client config', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
  });
  afterAll(() => p?.close());

  it('shows each promoter only their own campaigns, drafts included', async () => {
    const a = cast(p);
    const b = cast(p);
    const published = await publishCampaign(p, a, { title: 'Published one' });
    const draft = (
      await p.api
        .post('/campaigns')
        .set(bearer(a.promoter))
        .send(aCampaign(published.callId, { title: 'Still a draft' }))
        .expect(201)
    ).body;
    await p.api
      .post('/campaigns')
      .set(bearer(b.promoter))
      .send(aCampaign(undefined, { title: 'Someone else’s' }))
      .expect(201);

    const mine = (await p.api.get('/me/campaigns').set(bearer(a.promoter)).expect(200)).body as {
      id: string;
      status: string;
      milestones: unknown[];
      progress: unknown;
    }[];
    expect(mine.map((c) => [c.id, c.status])).toEqual([
      [draft.id, 'draft'],
      [published.id, 'live'],
    ]);
    expect(mine[0]).toMatchObject({
      milestones: [expect.objectContaining({ title: 'Desk open' })],
      progress: { pledgedAmount: 0, matchedAmount: 0, backers: 0, percent: 0 },
    });
    await p.api.get('/me/campaigns').expect(401);
    await p.api
      .get('/me/campaigns')
      .set(bearer(a.citizen('x')))
      .expect(403);
  });

  it('lists a call’s campaigns (no drafts) to the funder who opened it and to admins only', async () => {
    const who = cast(p);
    const { callId, id } = await publishCampaign(p, who, { title: 'Approved' });
    const submitted = (
      await p.api
        .post('/campaigns')
        .set(bearer(who.promoter))
        .send(aCampaign(callId, { title: 'Waiting for review' }))
        .expect(201)
    ).body;
    await p.api.post(`/campaigns/${submitted.id}/submit`).set(bearer(who.promoter)).expect(200);
    await p.api
      .post('/campaigns')
      .set(bearer(who.promoter))
      .send(aCampaign(callId, { title: 'Draft, not shown' }))
      .expect(201);

    const list = (await p.api.get(`/calls/${callId}/campaigns`).set(bearer(who.funder)).expect(200)).body as { id: string; status: string }[];
    expect(list.map((c) => [c.id, c.status])).toEqual([
      [submitted.id, 'submitted'],
      [id, 'live'],
    ]);
    expect((await p.api.get(`/calls/${callId}/campaigns`).set(bearer(who.admin)).expect(200)).body).toHaveLength(2);
    const other = await p.api
      .get(`/calls/${callId}/campaigns`)
      .set(bearer(p.token('another-funder', 'funder')))
      .expect(403);
    expect(other.body.code).toBe('FORBIDDEN');
    await p.api.get('/calls/00000000-0000-4000-8000-000000000000/campaigns').set(bearer(who.funder)).expect(404);
    await p.api.get(`/calls/${callId}/campaigns`).set(bearer(who.promoter)).expect(403);
  });

  it('queues evidence awaiting a verdict for verifiers, with the evidence, and drops it once decided', async () => {
    const who = cast(p);
    const { id } = await publishCampaign(p, who, { title: 'To be verified', goalAmount: 100_000 });
    await pledge(p, who.citizen('ada'), id, 100_000);
    await passDeadline(p, 31);
    const campaign = (await p.api.get(`/campaigns/${id}`).expect(200)).body;
    expect(campaign.status).toBe('in_delivery');
    const milestone = campaign.milestones[0];
    const documents = [{ url: 'https://docs.example.org/register.pdf', sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' }];
    await p.api
      .post(`/campaigns/${id}/milestones/${milestone.id}/evidence`)
      .set(bearer(who.promoter))
      .send({ reportedValue: 104, description: 'register', documents })
      .expect(201);

    const queue = (await p.api.get('/verifications/queue').set(bearer(who.verifier)).expect(200)).body as { milestoneId: string }[];
    expect(queue.find((q) => q.milestoneId === milestone.id)).toEqual({
      campaignId: id,
      campaignTitle: 'To be verified',
      area: 'Giambellino',
      milestoneId: milestone.id,
      milestoneTitle: 'Desk open',
      indicator: 'households served',
      unit: 'households',
      baseline: 0,
      target: 100,
      paymentRule: 'binary',
      minAchievementPct: null,
      dueAt: expect.any(String),
      evidence: [{ reportedValue: 104, description: 'register', documents, submittedAt: expect.any(String) }],
    });
    await p.api.get('/verifications/queue').set(bearer(who.promoter)).expect(403);
    await p.api.get('/verifications/queue').expect(401);

    await p.api
      .post(`/campaigns/${id}/milestones/${milestone.id}/verification`)
      .set(bearer(who.verifier))
      .send({ verifiedValue: 100, approved: true })
      .expect(200);
    const after = (await p.api.get('/verifications/queue').set(bearer(who.verifier)).expect(200)).body as { milestoneId: string }[];
    expect(after.find((q) => q.milestoneId === milestone.id)).toBeUndefined();
  });

  it('lists every fund publicly and a funder’s own funds privately, with pools and rules', async () => {
    const a = cast(p);
    const b = cast(p);
    const fa = (
      await p.api
        .post('/funds')
        .set(bearer(a.funder))
        .send({ name: 'Fund A', currency: 'EUR', budgetAmount: 10_000, sourceTags: ['municipal'] })
        .expect(201)
    ).body;
    await p.api.post(`/funds/${fa.id}/rules`).set(bearer(a.funder)).send({ type: 'ratio', numerator: 1, denominator: 2, eligibility: {} }).expect(201);
    const fb = (
      await p.api
        .post('/funds')
        .set(bearer(b.funder))
        .send({ name: 'Fund B', currency: 'EUR', budgetAmount: 20_000, sourceTags: ['foundation'] })
        .expect(201)
    ).body;

    const all = (await p.api.get('/funds').expect(200)).body as { id: string }[];
    expect(all.map((f) => f.id)).toEqual(expect.arrayContaining([fa.id, fb.id]));
    const mine = (await p.api.get('/me/funds').set(bearer(a.funder)).expect(200)).body;
    expect(mine).toEqual([
      expect.objectContaining({
        id: fa.id,
        ownerId: a.funderId,
        name: 'Fund A',
        budgetAmount: 10_000,
        available: 10_000,
        reserved: 0,
        committed: 0,
        spent: 0,
        returned: 0,
        rules: [expect.objectContaining({ type: 'ratio', numerator: 1, denominator: 2 })],
      }),
    ]);
    await p.api.get('/me/funds').expect(401);
    await p.api.get('/me/funds').set(bearer(a.promoter)).expect(403);
  });

  it('tells a browser client how to log in and pay, and nothing secret', async () => {
    const res = await p.api.get('/auth/config').expect(200);
    expect(res.body).toEqual({ devTokens: true, oidc: null, payments: { provider: 'sandbox', stripePublishableKey: null } });
  });
});
