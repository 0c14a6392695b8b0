import { isoIn } from '../support/fixtures';
import { bearer, cast, pledge, publishCampaign } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';

// A live campaign: cancelled by its owner or an admin, updates to backers, the list with progress (the walk: campaign-lifecycle.e2e-spec.ts).
describe('campaign lifecycle: schedule, close, deliver, verify, complete', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
  });
  afterAll(() => p?.close());

  it('cancels: the owner before any confirmed pledge, an admin after (pledges refunded); strangers never', async () => {
    const who = cast(p);
    const a = await publishCampaign(p, who);
    await p.api
      .post(`/campaigns/${a.id}/cancel`)
      .set(bearer(p.token('other-promoter', 'promoter')))
      .send({})
      .expect(403);
    const cancelled = await p.api.post(`/campaigns/${a.id}/cancel`).set(bearer(who.promoter)).send({ reason: 'venue lost' }).expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', statusReason: 'venue lost' });
    await p.api.post(`/campaigns/${a.id}/cancel`).set(bearer(who.promoter)).send({}).expect(409);

    const b = await publishCampaign(p, who);
    const paid = await pledge(p, who.citizen('lia'), b.id, 5_000);
    await p.drain();
    await p.api.post(`/campaigns/${b.id}/cancel`).set(bearer(who.promoter)).send({}).expect(409);
    await p.api.post(`/campaigns/${b.id}/cancel`).set(bearer(who.admin)).send({ reason: 'fraud suspected' }).expect(200);
    await p.tick(); // the refund saga runs as a job, in batches
    expect(
      (
        await p.api
          .get(`/pledges/${paid.id}`)
          .set(bearer(who.citizen('lia')))
          .expect(200)
      ).body,
    ).toMatchObject({ status: 'refunded', refundReason: 'campaign cancelled: fraud suspected' });
    const progress = await p.api.get(`/payments/campaigns/${b.id}/refunds`).set(bearer(who.admin)).expect(200);
    expect(progress.body).toEqual({ campaignId: b.id, refunded: 1, pending: 0, refundedAmount: 5_000 });
    await p.api.get(`/payments/campaigns/${b.id}/refunds`).set(bearer(who.promoter)).expect(403);
    await p.api
      .post('/pledges')
      .set(bearer(who.citizen('lia')))
      .send({ campaignId: b.id, amount: 1_000, currency: 'EUR' })
      .expect(409);
  });

  it('lets the promoter post updates to backers; nobody else', async () => {
    const who = cast(p);
    const { id } = await publishCampaign(p, who);
    await p.api
      .post(`/campaigns/${id}/updates`)
      .set(bearer(p.token('someone-else', 'promoter')))
      .send({ title: 'x', body: 'y' })
      .expect(403);
    await p.api
      .post(`/campaigns/${id}/updates`)
      .set(bearer(who.citizen('mia')))
      .send({ title: 'x', body: 'y' })
      .expect(403);
    await p.api.post(`/campaigns/${id}/updates`).set(bearer(who.promoter)).send({ title: 'We are live', body: 'Thank you <b>all</b>' }).expect(201);
    const updates = await p.api.get(`/campaigns/${id}/updates`).expect(200);
    expect(updates.body).toEqual([expect.objectContaining({ title: 'We are live', body: 'Thank you <b>all</b>' })]);
  });

  it('lists campaigns with progress, sorted by ending soon or most backed', async () => {
    const who = cast(p);
    const now = p.clock.now().getTime();
    const soon = await publishCampaign(p, who, { title: 'Zeta soon', area: 'Corvetto', endsAt: isoIn(3, now) });
    const later = await publishCampaign(p, who, { title: 'Zeta later', area: 'Corvetto', endsAt: isoIn(20, now) });
    await pledge(p, who.citizen('nico'), later.id, 1_000);
    await pledge(p, who.citizen('olga'), later.id, 1_000);
    await p.drain();
    const ending = await p.api.get('/campaigns?q=zeta&sort=ending_soon&status=live').expect(200);
    expect(ending.body.items.map((c: { id: string }) => c.id)).toEqual([soon.id, later.id]);
    const backed = await p.api.get('/campaigns?q=zeta&sort=most_backed').expect(200);
    expect(backed.body.items[0]).toMatchObject({ id: later.id, progress: { pledgedAmount: 2_000, backers: 2, percent: 0 } });
    await p.api.get('/campaigns?sort=loudest').expect(400);
  });
});
