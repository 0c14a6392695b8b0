import { randomUUID } from 'node:crypto';
import { aCampaign } from '../support/fixtures';
import { bearer, cast, Cast, publishCampaign } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';

const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

/** Issue 17 #6: a deeply nested body is refused before validation walks it (it overflowed the stack: a 500). */
describe('deeply nested JSON bodies', () => {
  let p: TestPlatform;
  let who: Cast;
  const count = async (service: 'pledges' | 'campaigns', sql: string) => Number((await p.db(service).query(sql))[0].n);

  beforeAll(async () => {
    p = await startTestPlatform();
    who = cast(p);
  });
  afterAll(() => p?.close());

  it('answers 400 BODY_TOO_DEEP to 2000 levels (4 kB) on POST /pledges and POST /campaigns, and stores nothing', async () => {
    const { id: campaignId, callId } = await publishCampaign(p, who);
    const pledgesBefore = await count('pledges', 'SELECT count(*) AS n FROM pledges.pledges');
    const campaignsBefore = await count('campaigns', 'SELECT count(*) AS n FROM campaigns.campaigns');

    const pledge = await p.api
      .post('/pledges')
      .set(bearer(who.citizen('anna')))
      .set('Idempotency-Key', randomUUID())
      .set('Content-Type', 'application/json')
      .send(`{"campaignId": "${campaignId}", "amount": 1000, "currency": "EUR", "note": ${nested(2000)}}`);
    expect(pledge.status).toBe(400);
    expect(pledge.body).toMatchObject({ statusCode: 400, code: 'BODY_TOO_DEEP', message: expect.stringContaining('deeper than 32 levels') });

    const campaign = JSON.stringify(aCampaign(callId)).replace(/}$/, `, "extra": ${nested(2000)}}`);
    const res = await p.api.post('/campaigns').set(bearer(who.promoter)).set('Content-Type', 'application/json').send(campaign);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('BODY_TOO_DEEP');

    expect(await count('pledges', 'SELECT count(*) AS n FROM pledges.pledges')).toBe(pledgesBefore);
    expect(await count('campaigns', 'SELECT count(*) AS n FROM campaigns.campaigns')).toBe(campaignsBefore);
  });

  it('lets a body at the limit through to validation (its own 400 for the unknown field), and a normal body succeed', async () => {
    const { id: campaignId } = await publishCampaign(p, who);
    const atLimit = await p.api
      .post('/pledges')
      .set(bearer(who.citizen('bruno')))
      .set('Idempotency-Key', randomUUID())
      .set('Content-Type', 'application/json')
      .send(`{"campaignId": "${campaignId}", "amount": 1000, "currency": "EUR", "note": ${nested(31)}}`); // the body object + 31 arrays = 32
    expect(atLimit.status).toBe(400);
    expect(atLimit.body.code).not.toBe('BODY_TOO_DEEP');
    await p.api
      .post('/pledges')
      .set(bearer(who.citizen('bruno')))
      .set('Idempotency-Key', randomUUID())
      .send({ campaignId, amount: 1000, currency: 'EUR' })
      .expect(201);
  });
});

describe('deep-body limit is configurable', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform({ env: { BODY_MAX_DEPTH: '3' } });
  });
  afterAll(() => p?.close());

  it('refuses a body one level over BODY_MAX_DEPTH', async () => {
    const who = cast(p);
    const res = await p.api
      .post('/funds')
      .set(bearer(who.funder))
      .send({ name: 'F', currency: 'EUR', budgetAmount: 1000, sourceTags: [[['x']]] });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'BODY_TOO_DEEP', message: expect.stringContaining('deeper than 3 levels') });
  });
});

/** Issue 17 #14: X-Forwarded-For counts only when it comes from a configured proxy (TRUST_PROXY). */
describe('rate-limit key and X-Forwarded-For', () => {
  const issue = (p: TestPlatform, forwardedFor: string) =>
    p.api
      .post('/auth/dev-token')
      .set('X-Forwarded-For', forwardedFor)
      .send({ sub: 'someone', roles: ['citizen'] });

  describe('with default settings (trust no proxy)', () => {
    let p: TestPlatform;
    beforeAll(async () => {
      p = await startTestPlatform({ env: { RATE_LIMIT_AUTH_PER_MINUTE: '2' } });
    });
    afterAll(() => p?.close());

    it('ignores a forged X-Forwarded-For: a new address per request does not buy a new budget', async () => {
      await issue(p, '203.0.113.1').expect(201);
      await issue(p, '203.0.113.2').expect(201);
      const limited = await issue(p, '203.0.113.3');
      expect(limited.status).toBe(429);
      expect(limited.body.code).toBe('RATE_LIMITED');
    });
  });

  describe('with TRUST_PROXY=loopback (a gateway on this host)', () => {
    let p: TestPlatform;
    beforeAll(async () => {
      p = await startTestPlatform({ env: { RATE_LIMIT_AUTH_PER_MINUTE: '2', TRUST_PROXY: 'loopback' } });
    });
    afterAll(() => p?.close());

    it('keys the limit by the client the proxy forwarded', async () => {
      await issue(p, '203.0.113.1').expect(201);
      await issue(p, '203.0.113.1').expect(201);
      await issue(p, '203.0.113.1').expect(429);
      await issue(p, '203.0.113.2').expect(201); // another client behind the proxy has its own budget
    });
  });
});
