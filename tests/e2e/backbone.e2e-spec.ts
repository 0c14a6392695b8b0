import request from 'supertest';
import { aCall, aCampaign, isoIn } from '../support/fixtures';
import { startTestPlatform, TestPlatform } from '../support/harness';
// Health, metrics, docs, auth, calls and campaigns; funds and their top-ups: backbone.funds.e2e-spec.ts.
describe('platform backbone (health, docs, auth, a campaign published across services)', () => {
  let p: TestPlatform;
  let funder: string;
  let otherFunder: string;
  let promoter: string;
  let citizen: string;

  beforeAll(async () => {
    p = await startTestPlatform();
    funder = p.token('funder-milano', 'funder');
    otherFunder = p.token('funder-napoli', 'funder');
    promoter = p.token('promoter-aps', 'promoter');
    citizen = p.token('citizen-anna', 'citizen');
  });
  afterAll(() => p?.close());

  it('answers /health with every database and the broker up', async () => {
    const res = await p.api.get('/health').expect(200);
    expect(res.body.status).toBe('ok');
    const checks = Object.keys(res.body.info);
    expect(checks).toEqual(expect.arrayContaining([expect.stringMatching(/^db:/), expect.stringMatching(/^broker:/)]));
  });

  it('serves Prometheus metrics', async () => {
    const res = await p.api.get('/metrics').expect(200);
    expect(res.text).toContain('process_cpu_user_seconds_total');
  });

  it('describes the API in OpenAPI (embedded: one document; distributed: one per service)', async () => {
    const docs = p.mode === 'embedded' ? [p.app('campaigns')] : (['campaigns', 'pledges', 'matching', 'payouts'] as const).map((s) => p.app(s));
    const paths = new Set<string>();
    for (const app of docs) {
      const res = await request(app.getHttpServer()).get('/docs-json').expect(200);
      Object.keys(res.body.paths).forEach((path) => paths.add(path));
    }
    expect([...paths]).toEqual(
      expect.arrayContaining([
        '/calls',
        '/campaigns',
        '/campaigns/{id}',
        '/campaigns/{id}/approve',
        '/campaigns/{id}/pledges',
        '/funds',
        '/funds/{id}',
        '/health',
      ]),
    );
  });

  describe('auth', () => {
    it('refuses a protected route without a token (401), with a bad token (401), with the wrong role (403)', async () => {
      await p.api.post('/calls').send(aCall()).expect(401);
      const bad = await p.api.post('/calls').set('Authorization', 'Bearer not-a-jwt').send(aCall()).expect(401);
      expect(bad.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
      const forged = p.token('x', 'funder').replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
      await p.api.post('/calls').set('Authorization', `Bearer ${forged}`).send(aCall()).expect(401);
      const wrongRole = await p.api.post('/calls').set('Authorization', `Bearer ${citizen}`).send(aCall()).expect(403);
      expect(wrongRole.body.message).toContain('funder');
    });

    it('issues dev tokens when enabled and validates the request', async () => {
      const res = await p.api
        .post('/auth/dev-token')
        .send({ sub: 'someone', roles: ['citizen'] })
        .expect(201);
      await p.api.get('/health').set('Authorization', `Bearer ${res.body.token}`).expect(200);
      await p.api
        .post('/auth/dev-token')
        .send({ sub: 'someone', roles: ['emperor'] })
        .expect(400);
    });
  });

  describe('calls and campaigns', () => {
    let callId: string;

    it('rejects an invalid call with 400 listing the problems, and creates a valid one', async () => {
      const bad = await p.api
        .post('/calls')
        .set('Authorization', `Bearer ${funder}`)
        .send(aCall({ minGoalAmount: 10.5, promoterTypes: ['pirates'], extra: 1 }))
        .expect(400);
      expect(JSON.stringify(bad.body.message)).toMatch(/minGoalAmount[\s\S]*promoterTypes|promoterTypes[\s\S]*minGoalAmount/);
      expect(JSON.stringify(bad.body.message)).toContain('extra');
      const res = await p.api.post('/calls').set('Authorization', `Bearer ${funder}`).send(aCall()).expect(201);
      callId = res.body.id;
      const list = await p.api.get('/calls').expect(200);
      expect(list.body.map((c: { id: string }) => c.id)).toContain(callId);
    });

    it('refuses a draft whose shares do not sum to 100 (422)', async () => {
      const res = await p.api
        .post('/campaigns')
        .set('Authorization', `Bearer ${promoter}`)
        .send(aCampaign(callId, { upfrontSharePct: 50 }))
        .expect(422);
      expect(res.body.code).toBe('CAMPAIGN_SHARES_NOT_100');
    });

    it('lists every failed eligibility rule on submit (422) and leaves the draft unchanged', async () => {
      const draft = await p.api
        .post('/campaigns')
        .set('Authorization', `Bearer ${promoter}`)
        .send(
          aCampaign(callId, {
            area: 'Brera',
            cofinancingAmount: 99_999,
            milestones: [{ title: 'x', indicator: 'y', unit: 'z', baseline: 0, target: 1, dueAt: isoIn(10), payoutSharePct: 60, paymentRule: 'binary' }],
          }),
        )
        .expect(201);
      const res = await p.api.post(`/campaigns/${draft.body.id}/submit`).set('Authorization', `Bearer ${promoter}`).expect(422);
      expect(res.body.details.reasons).toHaveLength(3);
      expect(res.body.message).toMatch(/Brera[\s\S]*co-financing[\s\S]*milestone 1/);
      const after = await p.api.get(`/campaigns/${draft.body.id}`).set('Authorization', `Bearer ${promoter}`).expect(200);
      expect(after.body.status).toBe('draft');
    });

    it('publishes an approved campaign to the pledges, matching and payouts services through the outbox', async () => {
      const draft = await p.api.post('/campaigns').set('Authorization', `Bearer ${promoter}`).send(aCampaign(callId)).expect(201);
      const id = draft.body.id;
      expect(draft.body.status).toBe('draft');
      await p.api.get(`/campaigns/${id}`).expect(404); // drafts are not public
      await p.api.post(`/campaigns/${id}/submit`).set('Authorization', `Bearer ${otherFunder}`).expect(403);
      await p.api
        .post(`/campaigns/${id}/submit`)
        .set('Authorization', `Bearer ${p.token('promoter-other', 'promoter')}`)
        .expect(403);
      await p.api.post(`/campaigns/${id}/submit`).set('Authorization', `Bearer ${promoter}`).expect(200);
      await p.api.post(`/campaigns/${id}/approve`).set('Authorization', `Bearer ${otherFunder}`).expect(403);
      await p.api.post(`/campaigns/${id}/approve`).set('Authorization', `Bearer ${promoter}`).expect(403);
      const approved = await p.api.post(`/campaigns/${id}/approve`).set('Authorization', `Bearer ${funder}`).expect(200);
      expect(approved.body.status).toBe('live');
      await p.api.post(`/campaigns/${id}/approve`).set('Authorization', `Bearer ${funder}`).expect(409);

      // Before the relay runs, the pledges service has not heard of the campaign.
      await p.api.get(`/campaigns/${id}/pledges`).expect(404);
      await p.drain();
      const backers = await p.api.get(`/campaigns/${id}/pledges`).expect(200);
      expect(backers.body).toEqual({ campaignId: id, total: 0, items: [] });

      for (const service of ['matching', 'payouts'] as const) {
        const rows = await p.db(service).query(`SELECT campaign_id FROM ${service}.campaign_views WHERE campaign_id = $1`, [id]);
        expect(rows).toHaveLength(1);
      }
      const outbox = await p.db('campaigns').query(`SELECT event_type, message_key, published_at FROM campaigns.outbox_messages WHERE message_key = $1`, [id]);
      expect(outbox).toEqual([expect.objectContaining({ event_type: 'campaign.published.v1', message_key: id, published_at: expect.any(Date) })]);

      const pub = await p.api.get(`/campaigns/${id}`).expect(200);
      expect(pub.body).toMatchObject({ id, status: 'live', goalAmount: 1_000_000, milestones: [expect.objectContaining({ status: 'pending' })] });
      const listed = await p.api.get(`/campaigns?callId=${callId}&q=portineria`).expect(200);
      expect(listed.body.items.map((c: { id: string }) => c.id)).toContain(id);
      const counts = await p.api.get(`/calls/${callId}`).expect(200);
      expect(counts.body.campaignCounts.live).toBe(1);
    });

    it('answers 400 for malformed ids and query strings, 404 for unknown ones', async () => {
      await p.api.get('/campaigns/not-a-uuid').expect(400);
      await p.api.get('/campaigns?pageSize=1000').expect(400);
      await p.api.get('/campaigns/00000000-0000-4000-8000-000000000000').expect(404);
      await p.api.get('/calls/00000000-0000-4000-8000-000000000000').expect(404);
    });
  });
});
