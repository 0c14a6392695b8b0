import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { bearer, cast, Cast, passDeadline } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';
import { mergeDocuments, OpenApiDocument, ResponseSchemas } from '../support/response-schemas';
import { confirmPayment, payoutAccount, verifyMilestone } from '../support/delivery';
import {
  addRule,
  approveCampaign,
  createFund,
  createPledge,
  deliveryCampaign,
  draftCampaign,
  openCall,
  payPledge,
  ratioRule,
  sourceShare,
  statusOf,
  submitCampaign,
} from '../support/scenario';

type Body = Record<string, unknown> & { id: string };

/**
 * The web client's types are generated from the OpenAPI document (npm run api:types): they are only
 * true if each route's declared response schema is. This suite drives the flows the web app shows —
 * a call, a fund and its rule, a campaign with milestones from draft to delivery, pledges, evidence
 * and its verdict, tranches, the transparency export — and validates every answer against the
 * schema the live document (/docs-json) declares for its route and status: required fields, types,
 * integer cents, nullability, enums and date-time formats.
 */
describe('OpenAPI: every declared response schema matches the real answer', () => {
  let p: TestPlatform;
  let who: Cast;
  let schemas: ResponseSchemas;
  let callId: string;
  let fundId: string;
  let campaignId: string;
  let milestoneIds: string[];
  let pledgeId: string;

  beforeAll(async () => {
    p = await startTestPlatform();
    who = cast(p);
    // embedded: one document; distributed: one per service
    const hosts = p.mode === 'embedded' ? [p.app('campaigns')] : (['campaigns', 'pledges', 'matching', 'payouts'] as const).map((s) => p.app(s));
    const documents: OpenApiDocument[] = [];
    for (const app of hosts) documents.push((await request(app.getHttpServer()).get('/docs-json').expect(200)).body);
    schemas = new ResponseSchemas(mergeDocuments(documents));
  });
  afterAll(() => p?.close());

  it('the client configuration, a dev token, the health check', async () => {
    schemas.check('get', '/auth/config', await p.api.get('/auth/config').expect(200));
    schemas.check('get', '/health', await p.api.get('/health').expect(200));
    schemas.check(
      'post',
      '/auth/dev-token',
      await p.api
        .post('/auth/dev-token')
        .send({ sub: 'citizen-anna', roles: ['citizen'] })
        .expect(201),
    );
  });

  it('a call for proposals', async () => {
    const call = await openCall(p, who.funder, { maxCampaigns: 10 });
    callId = schemas.check<Body>('post', '/calls', call).id;
    schemas.check('get', '/calls', await p.api.get('/calls').expect(200));
    schemas.check('get', '/calls/{id}', await p.api.get(`/calls/${callId}`).expect(200));
  });

  it('a fund with declared sources, a ratio rule, a top-up', async () => {
    const sourceShares = [sourceShare('ERDF', 6000), sourceShare('city', 4000)];
    const fund = await createFund(p, who.funder, { name: 'Comune — match', budgetAmount: 1_000_000, sourceShares });
    fundId = schemas.check<Body>('post', '/funds', fund).id;
    const rule = ratioRule(callId, { maxMatchPerDonorPerCampaign: 40_000 });
    schemas.check('post', '/funds/{id}/rules', await addRule(p, who.funder, fundId, rule));
    schemas.check('post', '/funds/{id}/top-ups', await p.api.post(`/funds/${fundId}/top-ups`).set(bearer(who.funder)).send({ amount: 5_000 }).expect(200));
    const untagged = await createFund(p, who.funder, { name: 'Fondazione', budgetAmount: 1_000, sourceTags: ['foundation'] });
    schemas.check('post', '/funds/{id}/close', await p.api.post(`/funds/${untagged.body.id}/close`).set(bearer(who.funder)).expect(200));
    schemas.check('get', '/funds', await p.api.get('/funds').expect(200));
    schemas.check('get', '/funds/{id}', await p.api.get(`/funds/${fundId}`).expect(200));
    schemas.check('get', '/me/funds', await p.api.get('/me/funds').set(bearer(who.funder)).expect(200));
  });

  it('a campaign with milestones, drafted, submitted and approved; a rejected and a cancelled one', async () => {
    const body = deliveryCampaign(p, callId, 'proportional');
    const draft = schemas.check<Body>('post', '/campaigns', await draftCampaign(p, who.promoter, { ...body, promoterName: 'APS Giambellino' }));
    campaignId = draft.id;
    milestoneIds = (draft.milestones as Body[]).map((m) => m.id);
    schemas.check('post', '/campaigns/{id}/submit', await submitCampaign(p, who.promoter, campaignId));
    schemas.check('post', '/campaigns/{id}/approve', await approveCampaign(p, who.funder, campaignId));

    const rejected = (await draftCampaign(p, who.promoter, body)).body.id;
    await submitCampaign(p, who.promoter, rejected);
    const rejection = await p.api.post(`/campaigns/${rejected}/reject`).set(bearer(who.funder)).send({ reason: 'No budget' }).expect(200);
    schemas.check('post', '/campaigns/{id}/reject', rejection);
    const cancelled = (await draftCampaign(p, who.promoter, body)).body.id;
    const cancellation = await p.api.post(`/campaigns/${cancelled}/cancel`).set(bearer(who.promoter)).send({ reason: 'Venue lost' }).expect(200);
    schemas.check('post', '/campaigns/{id}/cancel', cancellation);
    await p.drain();

    schemas.check('get', '/campaigns', await p.api.get('/campaigns').query({ callId }).expect(200));
    schemas.check('get', '/campaigns/{id}', await p.api.get(`/campaigns/${campaignId}`).expect(200));
    schemas.check('get', '/me/campaigns', await p.api.get('/me/campaigns').set(bearer(who.promoter)).expect(200));
    schemas.check('get', '/calls/{id}/campaigns', await p.api.get(`/calls/${callId}/campaigns`).set(bearer(who.funder)).expect(200));
    const update = await p.api.post(`/campaigns/${campaignId}/updates`).set(bearer(who.promoter)).send({ title: 'Desk open', body: 'Come by' }).expect(201);
    schemas.check('post', '/campaigns/{id}/updates', update);
    schemas.check('get', '/campaigns/{id}/updates', await p.api.get(`/campaigns/${campaignId}/updates`).expect(200));
  });

  it('a match quote, pledges paid with the sandbox card, the backers', async () => {
    const quote = schemas.check<{ byFund: unknown[] }>(
      'get',
      '/campaigns/{id}/match-quote',
      await p.api.get(`/campaigns/${campaignId}/match-quote`).query({ amount: 2_500 }).expect(200),
    );
    expect(quote.byFund).toHaveLength(1);
    const pledgeAs = async (token: string, amount: number, extra: Record<string, unknown>) => {
      const id = schemas.check<Body>('post', '/pledges', await createPledge(p, token, campaignId, amount, extra)).id;
      schemas.check('post', '/pledges/{id}/sandbox-confirm', await payPledge(p, token, id));
      return id;
    };
    const ada = who.citizen('ada');
    pledgeId = await pledgeAs(ada, 30_000, { displayName: 'Ada', message: 'Forza!' });
    await pledgeAs(who.citizen('bea'), 25_000, { anonymous: true });
    const refunded = await pledgeAs(who.citizen('cris'), 1_000, {});
    const refund = await p.api
      .post(`/pledges/${refunded}/refund`)
      .set(bearer(who.admin))
      .set('Idempotency-Key', randomUUID())
      .send({ reason: 'duplicate' })
      .expect(200);
    schemas.check('post', '/pledges/{id}/refund', refund);
    const declined = await createPledge(p, ada, campaignId, 1_000);
    const failed = await p.api.post(`/pledges/${declined.body.id}/sandbox-confirm`).set(bearer(ada)).send({ cardNumber: '4000000000000002' });
    schemas.check('post', '/pledges/{id}/sandbox-confirm', failed);
    await p.drain();
    schemas.check('get', '/pledges/{id}', await p.api.get(`/pledges/${pledgeId}`).set(bearer(ada)).expect(200));
    schemas.check('get', '/me/pledges', await p.api.get('/me/pledges').set(bearer(ada)).expect(200));
    schemas.check('get', '/campaigns/{id}/pledges', await p.api.get(`/campaigns/${campaignId}/pledges`).expect(200));
    schemas.check('get', '/payments/campaigns/{id}/refunds', await p.api.get(`/payments/campaigns/${campaignId}/refunds`).set(bearer(who.admin)).expect(200));
  });

  it('delivery: tranches, payout accounts, evidence, the verifiers queue, the verdict, the transparency export', async () => {
    await passDeadline(p, 11);
    expect(await statusOf(p, campaignId)).toBe('in_delivery');
    const tranches = schemas.check<Body[]>('get', '/campaigns/{id}/tranches', await p.api.get(`/campaigns/${campaignId}/tranches`).expect(200));
    schemas.check('get', '/campaigns/{id}/match', await p.api.get(`/campaigns/${campaignId}/match`).expect(200));
    schemas.check('post', '/promoters/me/payout-account', await payoutAccount(p, who.promoter));
    const bankAccount = { method: 'external', iban: 'IT60 X054 2811 1010 0000 0123 456', accountHolder: 'APS' };
    schemas.check('post', '/promoters/me/payout-account', await payoutAccount(p, who.promoter, bankAccount));
    const release = await p.api.post(`/tranches/${tranches[0].id}/release`).set(bearer(who.funder)).set('Idempotency-Key', randomUUID()).expect(200);
    expect(schemas.check<Body>('post', '/tranches/{id}/release', release).status).toBe('released'); // external: awaits the bank transfer
    schemas.check('post', '/tranches/{id}/confirm-payment', await confirmPayment(p, who.funder, tranches[0].id, 'TRN 42'));
    const documents = [{ url: 'https://docs.example.org/q1.pdf', sha256: 'a'.repeat(64) }];
    const path = `/campaigns/${campaignId}/milestones/${milestoneIds[0]}`;
    const evidence = await p.api
      .post(`${path}/evidence`)
      .set(bearer(who.promoter))
      .send({ reportedValue: 120, description: 'Served 120 households', documents })
      .expect(201);
    schemas.check('post', '/campaigns/{id}/milestones/{milestoneId}/evidence', evidence);
    const queue = schemas.check<unknown[]>('get', '/verifications/queue', await p.api.get('/verifications/queue').set(bearer(who.verifier)).expect(200));
    expect(queue).toHaveLength(1);
    const verdict = await verifyMilestone(p, who.verifier, campaignId, milestoneIds[0], 120);
    schemas.check('post', '/campaigns/{id}/milestones/{milestoneId}/verification', verdict);
    await p.tick();
    schemas.check('get', '/campaigns/{id}/tranches', await p.api.get(`/campaigns/${campaignId}/tranches`).expect(200));
    schemas.check('get', '/campaigns/{id}', await p.api.get(`/campaigns/${campaignId}`).expect(200));
    const rows = schemas.check<unknown[]>('get', '/transparency/export', await p.api.get('/transparency/export').expect(200));
    expect(rows.length).toBeGreaterThan(0);
  });

  it('every declared response was checked against a real answer above', () => {
    const unhealthy = 'get /health 503'; // needs a database down
    expect(
      schemas
        .declared()
        .filter((route) => route !== unhealthy && !schemas.checked.has(route))
        .sort(),
    ).toEqual([]);
  });

  it('a schema that says what the answer is not fails the check', () => {
    const answer = { status: 200, body: { devTokens: true, oidc: null, payments: { provider: 'sandbox', stripePublishableKey: null } } } as never;
    expect(() => schemas.check('get', '/auth/config', answer)).not.toThrow();
    const wrong = (body: Record<string, unknown>) => schemas.errors('get', '/auth/config', 200, body);
    expect(wrong({ devTokens: 'yes', oidc: null, payments: { provider: 'sandbox', stripePublishableKey: null } })).not.toEqual([]);
    expect(wrong({ oidc: null, payments: { provider: 'sandbox', stripePublishableKey: null } })).not.toEqual([]);
    expect(wrong({ devTokens: true, oidc: null, payments: { provider: 'paypal', stripePublishableKey: null } })).not.toEqual([]);
    expect(schemas.errors('get', '/campaigns/{id}/updates', 200, [{ id: randomUUID(), title: 't', body: 'b', createdAt: 'yesterday' }])).not.toEqual([]);
    expect(schemas.errors('get', '/campaigns/{id}/pledges', 200, { campaignId: randomUUID(), total: 1.5, items: [] })).not.toEqual([]);
  });
});
