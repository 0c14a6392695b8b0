import { randomUUID } from 'node:crypto';
import { aCall, aCampaign, isoIn } from '../support/fixtures';
import { bearer, cast, Cast, publishCampaign } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';

/** Bodies, types and values an attacker (or a broken client) sends: each is a clear 4xx that changes nothing. */
describe('hostile input', () => {
  let p: TestPlatform;
  let who: Cast;
  const count = async (sql: string) => Number((await p.db('campaigns').query(sql))[0].n);

  beforeAll(async () => {
    p = await startTestPlatform();
    who = cast(p);
  });
  afterAll(() => p?.close());

  it('refuses an oversized body with 413 (not a 500) and stores nothing', async () => {
    const before = await count(`SELECT count(*) AS n FROM campaigns.calls`);
    const res = await p.api
      .post('/calls')
      .set(bearer(who.funder))
      .send(aCall({ description: 'x'.repeat(300_000) }))
      .expect(413);
    expect(res.body).toMatchObject({ statusCode: 413, code: 'BODY_REJECTED', message: expect.stringContaining('larger than the limit') });
    expect(await count(`SELECT count(*) AS n FROM campaigns.calls`)).toBe(before);
  });

  it('refuses bodies that are not JSON with 415, and malformed JSON with 400', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml']) {
      const res = await p.api.post('/calls').set(bearer(who.funder)).set('Content-Type', type).send('title=Bando&description=x').expect(415);
      expect(res.body.message).toContain('must be JSON');
    }
    await p.api.post('/calls').set(bearer(who.funder)).set('Content-Type', 'application/json').send('{"title": "Bando",').expect(400);
    await p.api.post('/calls').set(bearer(who.funder)).set('Content-Type', 'application/json; charset=utf-8').send(JSON.stringify(aCall())).expect(201);
    // a POST with no body at all is not a media-type problem
    await p.api.post(`/campaigns/${randomUUID()}/approve`).set(bearer(who.funder)).expect(404);
  });

  it('refuses negative, zero, fractional, huge, stringly and float-looking amounts everywhere money enters', async () => {
    const fund = await p.api
      .post('/funds')
      .set(bearer(who.funder))
      .send({ name: 'Fondo', currency: 'EUR', budgetAmount: 10_000, sourceTags: ['x'] })
      .expect(201);
    for (const amount of [-1, 0, 0.5, 10.01, 1e21, Number.MAX_SAFE_INTEGER + 2, '100', null, true, [100], { amount: 1 }]) {
      await p.api.post(`/funds/${fund.body.id}/top-ups`).set(bearer(who.funder)).send({ amount }).expect(400);
      await p.api.post('/funds').set(bearer(who.funder)).send({ name: 'F', currency: 'EUR', budgetAmount: amount, sourceTags: [] }).expect(400);
    }
    expect((await p.api.get(`/funds/${fund.body.id}`).expect(200)).body).toMatchObject({ budgetAmount: 10_000, available: 10_000 });
    const { callId } = await publishCampaign(p, who);
    for (const goalAmount of [-500, 1234.5, 1e300, '50000']) {
      await p.api.post('/campaigns').set(bearer(who.promoter)).send(aCampaign(callId, { goalAmount })).expect(400);
    }
  });

  it('refuses unknown and malformed currencies, and creates no fund', async () => {
    const funds = () => count(`SELECT count(*) AS n FROM matching.funds`);
    const before = await funds();
    const refused: string[] = [];
    for (const currency of ['XYZ', 'eur', 'EURO', '', 'E', 42]) {
      // a body valid in every other field (sourceTags included): only the currency can be refused
      const res = await p.api
        .post('/funds')
        .set(bearer(who.funder))
        .send({ name: 'Fondo', currency, budgetAmount: 1_000, sourceTags: ['x'] });
      refused.push(`${JSON.stringify(currency)} ${res.status} ${JSON.stringify(res.body.message)}`);
    }
    // each one a 400 that names the currency
    expect(refused.filter((r) => !/^\S+ 400 .*currency/.test(r))).toEqual([]);
    expect(await funds()).toBe(before);
    // the same request with a valid currency does create a fund: the count above can move
    await p.api
      .post('/funds')
      .set(bearer(who.funder))
      .send({ name: 'Fondo', currency: 'EUR', budgetAmount: 1_000, sourceTags: ['x'] })
      .expect(201);
    expect(await funds()).toBe(before + 1);
  });

  it('keeps script tags in campaign text as text: stored verbatim, served as JSON with nosniff, never as HTML', async () => {
    const evil = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const { id } = await publishCampaign(p, who, { title: `Orti ${evil}`.slice(0, 120), summary: evil, description: `${evil} & "quotes"` });
    const res = await p.api.get(`/campaigns/${id}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.body.summary).toBe(evil);
    expect(res.body.description).toBe(`${evil} & "quotes"`);
    const list = await p.api.get('/campaigns').query({ q: 'Orti' }).expect(200);
    expect(list.headers['content-type']).toMatch(/^application\/json/);
  });

  it('refuses unknown fields, prototype-pollution keys and over-deep or over-long values', async () => {
    await p.api
      .post('/calls')
      .set(bearer(who.funder))
      .send({ ...aCall(), isAdmin: true })
      .expect(400);
    await p.api
      .post('/calls')
      .set(bearer(who.funder))
      .set('Content-Type', 'application/json')
      .send(`{"__proto__": {"polluted": true}, "title": "Bando"}`)
      .expect(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await p.api
      .post('/calls')
      .set(bearer(who.funder))
      .send(aCall({ eligibleAreas: Array.from({ length: 10_000 }, (_, i) => `a${i}`) }))
      .expect(400);
    await p.api
      .post('/calls')
      .set(bearer(who.funder))
      .send(aCall({ title: 'x'.repeat(10_000) }))
      .expect(400);
    await p.api
      .post('/calls')
      .set(bearer(who.funder))
      .send(aCall({ opensAt: 'yesterday', closesAt: isoIn(-400) }))
      .expect(400);
  });

  it('refuses text that PostgreSQL cannot store (a NUL character) with 400, and stores nothing', async () => {
    const before = await count(`SELECT count(*) AS n FROM campaigns.calls`);
    const res = await p.api
      .post('/calls')
      .set(bearer(who.funder))
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(aCall({ title: 'Bando \u0000 quartieri' })));
    expect(res.status).toBe(400);
    expect(await count(`SELECT count(*) AS n FROM campaigns.calls`)).toBe(before);
  });

  it('answers malformed ids, query strings and headers with 400, never 500, and changes nothing', async () => {
    const { id: campaignId } = await publishCampaign(p, who);
    const rows = async () => [await count(`SELECT count(*) AS n FROM campaigns.campaigns`), await count(`SELECT count(*) AS n FROM pledges.pledges`)];
    const before = await rows();
    expect(before[0]).toBeGreaterThan(0);
    await p.api.get('/campaigns/not-a-uuid').expect(400);
    await p.api.get('/campaigns').query({ pageSize: 100_000 }).expect(400);
    await p.api.get('/campaigns').query({ page: -1 }).expect(400);
    await p.api.get('/campaigns').query({ status: 'live; DROP TABLE campaigns.campaigns' }).expect(400);
    // on a real, live campaign: only the malformed amount can make these a 400
    await p.api.get(`/campaigns/${campaignId}/match-quote`).query({ amount: 1000 }).expect(200);
    for (const amount of ['1e3', '0x10', '10.0', '+5', ' 5', '-1']) await p.api.get(`/campaigns/${campaignId}/match-quote`).query({ amount }).expect(400);
    await p.api
      .post('/pledges')
      .set(bearer(who.citizen('x')))
      .set('Idempotency-Key', 'x'.repeat(300))
      .send({ campaignId, amount: 1_000, currency: 'EUR' })
      .expect(400);
    await p.api.get('/campaigns').set('Authorization', 'Bearer not.a.jwt').expect(401);
    await p.api.get('/campaigns').set('Authorization', 'Basic abc').expect(401);
    // the "DROP TABLE" in a query string and the refused pledge changed nothing
    expect(await rows()).toEqual(before);
  });
});
