import { randomUUID } from 'node:crypto';
import { isoIn } from '../support/fixtures';
import { bearer, cast, Cast, pledge, publishCampaign } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';

describe('pledges: intake, sandbox payments, idempotency, privacy, receipts, refunds', () => {
  let p: TestPlatform;
  let who: Cast;
  let campaignId: string;
  let anna: string;

  beforeAll(async () => {
    p = await startTestPlatform();
    who = cast(p);
    anna = who.citizen('anna');
    ({ id: campaignId } = await publishCampaign(p, who, { title: 'Orti <script>alert(1)</script>', promoterName: 'APS Orti Insieme', goalAmount: 500_000 }));
  });
  afterAll(() => p?.close());

  const create = (token: string, body: Record<string, unknown>, key?: string) => {
    const req = p.api.post('/pledges').set(bearer(token));
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  };

  it('refuses bad pledges with the right status and creates nothing', async () => {
    const base = { campaignId, amount: 2_500, currency: 'EUR' };
    await p.api.post('/pledges').send(base).expect(401);
    await create(who.promoter, base).expect(403);
    await create(anna, { ...base, campaignId: randomUUID() }).expect(404);
    expect((await create(anna, { ...base, currency: 'USD' }).expect(422)).body.code).toBe('PLEDGE_CURRENCY_MISMATCH');
    expect((await create(anna, { ...base, amount: 50 }).expect(422)).body.code).toBe('PLEDGE_AMOUNT_OUT_OF_RANGE');
    await create(anna, { ...base, amount: 2_000_000 }).expect(422);
    for (const amount of [12.5, -100, 0, '2500', 1e300]) await create(anna, { ...base, amount }).expect(400);
    await create(anna, { ...base, currency: 'euro' }).expect(400);
    await create(anna, { ...base, donorId: 'someone-else' }).expect(400);
    const scheduled = await publishCampaign(p, who, { startsAt: isoIn(5, p.clock.now().getTime()) });
    expect((await create(anna, { ...base, campaignId: scheduled.id }).expect(409)).body.code).toBe('CAMPAIGN_NOT_ACCEPTING_PLEDGES');
    expect((await p.api.get('/me/pledges').set(bearer(anna)).expect(200)).body).toEqual([]);
  });

  it('pays with Stripe test cards in the sandbox: success, decline, insufficient funds; only the donor pays', async () => {
    const created = await create(anna, { campaignId, amount: 2_500, currency: 'EUR', displayName: 'Anna' }, randomUUID()).expect(201);
    expect(created.body).toMatchObject({ status: 'requires_payment', amount: 2_500, currency: 'EUR', payment: { provider: 'sandbox' } });
    await p.api
      .post(`/pledges/${created.body.id}/sandbox-confirm`)
      .set(bearer(who.citizen('bruno')))
      .send({ cardNumber: '4242424242424242' })
      .expect(403);
    await p.api.post(`/pledges/${created.body.id}/sandbox-confirm`).set(bearer(anna)).send({ cardNumber: '4242424242424241' }).expect(400);
    const paid = await p.api.post(`/pledges/${created.body.id}/sandbox-confirm`).set(bearer(anna)).send({ cardNumber: '4242 4242 4242 4242' }).expect(200);
    expect(paid.body).toMatchObject({ status: 'confirmed', confirmedAt: expect.any(String) });
    const again = await p.api.post(`/pledges/${created.body.id}/sandbox-confirm`).set(bearer(anna)).send({ cardNumber: '4242424242424242' }).expect(200);
    expect(again.body.confirmedAt).toBe(paid.body.confirmedAt);

    const declined = await pledge(p, who.citizen('carla'), campaignId, 1_000, '4000000000000002');
    expect(declined).toMatchObject({ status: 'failed', failureReason: 'card_declined: generic_decline' });
    const broke = await pledge(p, who.citizen('dario'), campaignId, 1_000, '4000000000009995');
    expect(broke).toMatchObject({ status: 'failed', failureReason: 'card_declined: insufficient_funds' });
    await p.api
      .post(`/pledges/${declined.id}/sandbox-confirm`)
      .set(bearer(who.citizen('carla')))
      .send({ cardNumber: '4242424242424242' })
      .expect(409);

    await p.drain();
    const events = await p
      .db('pledges')
      .query(`SELECT event_type FROM pledges.outbox_messages WHERE message_key = ANY($1::text[]) ORDER BY id`, [[created.body.id, declined.id]]);
    expect(events.map((e: { event_type: string }) => e.event_type).sort()).toEqual(['pledge.confirmed.v1', 'pledge.failed.v1']);
    const campaign = await p.api.get(`/campaigns/${campaignId}`).expect(200);
    expect(campaign.body.progress).toMatchObject({ pledgedAmount: 2_500, backers: 1 });
  });

  it('creates exactly one pledge for 50 concurrent requests with the same Idempotency-Key; another body is a 422', async () => {
    const eva = who.citizen('eva');
    const key = randomUUID();
    const body = { campaignId, amount: 3_000, currency: 'EUR' };
    const responses = await Promise.all(Array.from({ length: 50 }, () => create(eva, body, key)));
    expect(new Set(responses.map((r) => r.status))).toEqual(new Set([201]));
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(49);
    const mine = await p.api.get('/me/pledges').set(bearer(eva)).expect(200);
    expect(mine.body).toHaveLength(1);
    expect((await create(eva, { ...body, amount: 3_001 }, key).expect(422)).body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // Keys belong to their caller: the same key from someone else is a new request.
    const other = await create(who.citizen('fede'), body, key).expect(201);
    expect(other.body.id).not.toBe(responses[0].body.id);
  });

  it('shows backers publicly without ids or emails, and display names only when not anonymous', async () => {
    const gino = who.citizen('gino');
    const hidden = await create(gino, { campaignId, amount: 4_000, currency: 'EUR', anonymous: true, displayName: 'Gino' }, randomUUID()).expect(201);
    await p.api.post(`/pledges/${hidden.body.id}/sandbox-confirm`).set(bearer(gino)).send({ cardNumber: '4242424242424242' }).expect(200);
    await p.drain();
    const backers = await p.api.get(`/campaigns/${campaignId}/pledges`).expect(200);
    const text = JSON.stringify(backers.body);
    expect(text).not.toMatch(/anna-|gino-|donorId|email/);
    expect(backers.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ amount: 4_000, displayName: null }), expect.objectContaining({ amount: 2_500, displayName: 'Anna' })]),
    );
  });

  it('lets only the donor (or an admin) read a pledge and its receipt; the receipt is escaped HTML', async () => {
    const [mine] = (await p.api.get('/me/pledges').set(bearer(anna)).expect(200)).body;
    await p.api
      .get(`/pledges/${mine.id}`)
      .set(bearer(who.citizen('ugo')))
      .expect(403);
    await p.api.get(`/pledges/${mine.id}`).set(bearer(who.admin)).expect(200);
    const receipt = await p.api.get(`/pledges/${mine.id}/receipt`).set(bearer(anna)).expect(200);
    expect(receipt.headers['content-type']).toMatch(/text\/html/);
    expect(receipt.text).toContain('25,00 EUR');
    expect(receipt.text).toContain('APS Orti Insieme');
    expect(receipt.text).toContain('Orti &lt;script&gt;');
    expect(receipt.text).not.toContain('<script>');
    await p.api
      .get(`/pledges/${mine.id}/receipt`)
      .set(bearer(who.citizen('ugo')))
      .expect(403);
    const unpaid = await create(anna, { campaignId, amount: 1_000, currency: 'EUR' }).expect(201);
    await p.api.get(`/pledges/${unpaid.body.id}/receipt`).set(bearer(anna)).expect(409);
  });

  it('lets an admin refund one pledge, idempotently; the campaign progress follows', async () => {
    const ivo = who.citizen('ivo');
    const paid = await pledge(p, ivo, campaignId, 7_000);
    await p.drain();
    const before = (await p.api.get(`/campaigns/${campaignId}`).expect(200)).body.progress;
    await p.api.post(`/pledges/${paid.id}/refund`).set(bearer(ivo)).send({}).expect(403);
    const refunded = await p.api.post(`/pledges/${paid.id}/refund`).set(bearer(who.admin)).send({ reason: 'donor asked' }).expect(200);
    expect(refunded.body).toMatchObject({ status: 'refunded', refundReason: 'donor asked' });
    await p.api.post(`/pledges/${paid.id}/refund`).set(bearer(who.admin)).send({ reason: 'donor asked' }).expect(200);
    await p.drain();
    const after = (await p.api.get(`/campaigns/${campaignId}`).expect(200)).body.progress;
    expect(after).toMatchObject({ pledgedAmount: before.pledgedAmount - 7_000, backers: before.backers - 1 });
    const refundEvents = await p
      .db('pledges')
      .query(`SELECT 1 FROM pledges.outbox_messages WHERE message_key = $1 AND event_type = 'pledge.refunded.v1'`, [paid.id]);
    expect(refundEvents).toHaveLength(1);
  });

  it('cancels pledges left unpaid past the payment timeout', async () => {
    const jo = who.citizen('jo');
    const unpaid = await create(jo, { campaignId, amount: 1_500, currency: 'EUR' }).expect(201);
    p.clock.advance(61 * 60_000);
    await p.tick();
    const after = await p.api.get(`/pledges/${unpaid.body.id}`).set(bearer(jo)).expect(200);
    expect(after.body).toMatchObject({ status: 'cancelled', failureReason: 'payment not completed in time' });
  });
});
