import { randomUUID } from 'node:crypto';
import { aCall, isoIn } from '../support/fixtures';
import { bearer, cast, Cast, publishCampaign } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';

interface Entry {
  seq: number;
  actorId: string;
  actorRoles: string[];
  action: string;
  resourceType: string;
  resourceId: string | null;
  outcome: 'succeeded' | 'refused';
  status: number;
  reason: string | null;
  details: { params?: Record<string, string>; body?: Record<string, unknown>; replayed?: boolean };
}

describe('audit log: every privileged action is recorded, append-only, admin-readable', () => {
  let p: TestPlatform;
  let who: Cast;
  const log = async (service: string, query: Record<string, string> = {}): Promise<Entry[]> =>
    (await p.api.get(`/audit/${service}`).query(query).set(bearer(who.admin)).expect(200)).body.items;

  beforeAll(async () => {
    p = await startTestPlatform();
    who = cast(p);
  });
  afterAll(() => p?.close());

  it('records approvals and calls with the actor, the resource and the parameters, in the same transaction as the effect', async () => {
    const { id, callId } = await publishCampaign(p, who);
    const entries = await log('campaigns', { actorId: who.funderId });
    expect(entries.map((e) => e.action)).toEqual(['campaign.approve', 'call.create']); // newest first
    expect(entries[0]).toMatchObject({ outcome: 'succeeded', status: 200, resourceType: 'campaign', resourceId: id, actorRoles: ['funder'] });
    expect(entries[1]).toMatchObject({ outcome: 'succeeded', status: 201, resourceId: callId });
    expect(entries[1].details.body).toMatchObject({ title: expect.any(String), eligibleAreas: expect.any(Array) });
    // promoters' ordinary actions (drafting, submitting) are not privileged
    expect(await log('campaigns', { actorId: who.promoterId })).toEqual([]);
  });

  it("records refusals: a wrong role (guard), another funder's campaign (handler), a state conflict — and their effects are absent", async () => {
    const { id } = await publishCampaign(p, who);
    const other = cast(p);
    await p.api
      .post('/calls')
      .set(bearer(who.citizen('zoe')))
      .send(aCall())
      .expect(403);
    await p.api.post(`/campaigns/${id}/approve`).set(bearer(other.funder)).expect(403);
    await p.api.post(`/campaigns/${id}/approve`).set(bearer(who.funder)).expect(409); // already live
    const refused = await log('campaigns', { resourceId: id });
    expect(refused.slice(0, 2)).toEqual([
      expect.objectContaining({ action: 'campaign.approve', outcome: 'refused', status: 409, actorId: who.funderId }),
      expect.objectContaining({ action: 'campaign.approve', outcome: 'refused', status: 403, actorId: other.funderId, reason: expect.stringMatching(/.+/) }),
    ]);
    const byCitizen = (await log('campaigns', { action: 'call.create' })).filter((e) => e.outcome === 'refused');
    expect(byCitizen).toEqual([expect.objectContaining({ status: 403, actorRoles: ['citizen'], reason: 'Requires one of the roles: funder, admin' })]);
  });

  it('records fund actions once per effect: an idempotent replay is marked as such', async () => {
    const fund = await p.api
      .post('/funds')
      .set(bearer(who.funder))
      .send({ name: 'Fondo quartieri', currency: 'EUR', budgetAmount: 100_000, sourceTags: ['comune'] })
      .expect(201);
    const key = randomUUID();
    await p.api.post(`/funds/${fund.body.id}/top-ups`).set(bearer(who.funder)).set('Idempotency-Key', key).send({ amount: 5_000 }).expect(200);
    await p.api.post(`/funds/${fund.body.id}/top-ups`).set(bearer(who.funder)).set('Idempotency-Key', key).send({ amount: 5_000 }).expect(200);
    expect((await p.api.get(`/funds/${fund.body.id}`).expect(200)).body.budgetAmount).toBe(105_000);
    const entries = await log('matching', { resourceId: fund.body.id });
    expect(entries.map((e) => [e.action, e.outcome, e.details.replayed ?? false])).toEqual([
      ['fund.top_up', 'succeeded', true],
      ['fund.top_up', 'succeeded', false],
      ['fund.create', 'succeeded', false],
    ]);
  });

  it("redacts bank details and keeps each service's log in its own schema", async () => {
    await p.api
      .post('/promoters/me/payout-account')
      .set(bearer(who.promoter))
      .send({ method: 'external', iban: 'IT60 X054 2811 1010 0000 0123 456', accountHolder: 'APS C' })
      .expect(200);
    const [entry] = await log('payouts', { action: 'promoter.payout_account' });
    expect(entry.details.body).toEqual({ method: 'external', iban: '[redacted]', accountHolder: 'APS C' });
    expect(JSON.stringify(await log('payouts'))).not.toContain('0123 456');
    await p.api.get('/ledger/audit').set(bearer(who.admin)).expect(200);
    expect((await log('payouts', { action: 'ledger.audit' }))[0]).toMatchObject({ outcome: 'succeeded', actorRoles: ['admin'] });
  });

  it('records a refused request whose body PostgreSQL cannot store as it is (NUL, lone surrogates): still a 400, never a 500', async () => {
    // found by schemathesis: the refusal entry's jsonb insert failed and turned the 400 into a 500
    const body = `{"name": "F\\u0000", "\\ud800key": "\\udc00", "budgetAmount": -1, "currency": "EUR", "sourceTags": ["\\u0000"]}`;
    const res = await p.api.post('/funds').set(bearer(who.funder)).set('Content-Type', 'application/json').send(body);
    expect(res.status).toBe(400);
    const [entry] = await log('matching', { action: 'fund.create', actorId: who.funderId });
    expect(entry).toMatchObject({ outcome: 'refused', status: 400 });
    expect(entry.details.body).toMatchObject({ name: 'F\uFFFD', '\uFFFDkey': '\uFFFD', sourceTags: ['\uFFFD'] });
  });

  it("cannot be changed or erased, not even by the service's own database role", async () => {
    const db = p.db('campaigns');
    await expect(db.query(`UPDATE campaigns.audit_log SET actor_id = 'nobody'`)).rejects.toThrow(/append-only: UPDATE/);
    await expect(db.query(`DELETE FROM campaigns.audit_log`)).rejects.toThrow(/append-only: DELETE/);
    await expect(db.query(`TRUNCATE campaigns.audit_log`)).rejects.toThrow(/append-only: TRUNCATE/);
    expect((await log('campaigns')).length).toBeGreaterThan(0);
  });

  it('is readable by admins only, paged and filtered, with bad query strings refused', async () => {
    await p.api.get('/audit/campaigns').expect(401);
    await p.api.get('/audit/campaigns').set(bearer(who.funder)).expect(403);
    await p.api.get('/audit/campaigns').query({ limit: 0 }).set(bearer(who.admin)).expect(400);
    await p.api.get('/audit/campaigns').query({ limit: 'many' }).set(bearer(who.admin)).expect(400);
    await p.api.get('/audit/campaigns').query({ before: '-1' }).set(bearer(who.admin)).expect(400);
    const first = await p.api.get('/audit/campaigns').query({ limit: 2 }).set(bearer(who.admin)).expect(200);
    expect(first.body.items).toHaveLength(2);
    const next = await p.api.get('/audit/campaigns').query({ limit: 2, before: first.body.nextBefore }).set(bearer(who.admin)).expect(200);
    expect(next.body.items[0].seq).toBeLessThan(first.body.items[1].seq);
  });
});

describe('rate limits on pledge and token endpoints', () => {
  let p: TestPlatform;
  let who: Cast;

  beforeAll(async () => {
    p = await startTestPlatform({ env: { RATE_LIMIT_PLEDGES_PER_MINUTE: '3', RATE_LIMIT_AUTH_PER_MINUTE: '2' } });
    who = cast(p);
  });
  afterAll(() => p?.close());

  it('answers 429 with Retry-After past the limit, per caller, and creates nothing', async () => {
    const { id: campaignId } = await publishCampaign(p, who, { endsAt: isoIn(30, p.clock.now().getTime()) });
    const anna = who.citizen('anna');
    const create = (token: string) =>
      p.api.post('/pledges').set(bearer(token)).set('Idempotency-Key', randomUUID()).send({ campaignId, amount: 1_000, currency: 'EUR' });
    for (let i = 0; i < 3; i++) await create(anna).expect(201);
    const limited = await create(anna).expect(429);
    expect(limited.headers['retry-after']).toMatch(/^[1-9][0-9]*$/);
    expect(limited.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED', message: expect.stringContaining('at most 3 per minute') });
    expect((await p.api.get('/me/pledges').set(bearer(anna)).expect(200)).body).toHaveLength(3);
    await create(who.citizen('bruno')).expect(201); // another caller has its own budget
    await p.api.get(`/campaigns/${campaignId}`).expect(200); // reads are not limited
  });

  it('limits dev-token issuance per client address', async () => {
    const issue = () => p.api.post('/auth/dev-token').send({ sub: 'someone', roles: ['citizen'] });
    await issue().expect(201);
    await issue().expect(201);
    const limited = await issue().expect(429);
    expect(limited.headers['retry-after']).toBeDefined();
  });
});
