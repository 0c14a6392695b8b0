import { isoIn } from '../support/fixtures';
import { JobRegistry } from '@lib/platform';
import { bearer, cast, passDeadline, pledge, publishCampaign } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';

const milestones = (from: number) => [
  {
    title: 'Desk open',
    indicator: 'households served',
    unit: 'households',
    baseline: 0,
    target: 150,
    dueAt: isoIn(60, from),
    payoutSharePct: 40,
    paymentRule: 'proportional',
    minAchievementPct: 50,
  },
  {
    title: 'Volunteers trained',
    indicator: 'volunteers',
    unit: 'people',
    baseline: 0,
    target: 20,
    dueAt: isoIn(90, from),
    payoutSharePct: 30,
    paymentRule: 'binary',
  },
];

async function outboxTypes(p: TestPlatform, campaignId: string): Promise<string[]> {
  const rows = await p.db('campaigns').query(`SELECT event_type FROM campaigns.outbox_messages WHERE message_key = $1 ORDER BY id`, [campaignId]);
  return rows.map((r: { event_type: string }) => r.event_type);
}

describe('campaign lifecycle: schedule, close, deliver, verify, complete', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
  });
  afterAll(() => p?.close());

  it('walks a campaign from draft to completed: scheduled → live → succeeded → in_delivery → verified/expired → completed', async () => {
    const who = cast(p);
    const now = p.clock.now().getTime();
    const { id, body } = await publishCampaign(p, who, {
      goalAmount: 100_000,
      cofinancingAmount: 10_000,
      upfrontSharePct: 30,
      fundingModel: 'all_or_nothing',
      startsAt: isoIn(2, now),
      endsAt: isoIn(30, now),
      milestones: milestones(now),
    });
    expect(body.status).toBe('scheduled');
    await p.api
      .post('/pledges')
      .set(bearer(who.citizen('anna')))
      .send({ campaignId: id, amount: 5_000, currency: 'EUR' })
      .expect(409);

    await passDeadline(p, 3); // startsAt passed: the scheduler makes it live
    expect((await p.api.get(`/campaigns/${id}`).expect(200)).body.status).toBe('live');

    await pledge(p, who.citizen('anna'), id, 60_000);
    await pledge(p, who.citizen('bruno'), id, 40_000);
    const declined = await pledge(p, who.citizen('carla'), id, 10_000, '4000000000000002');
    expect(declined.status).toBe('failed');
    await p.drain();
    const live = await p.api.get(`/campaigns/${id}`).expect(200);
    expect(live.body.progress).toEqual({ pledgedAmount: 100_000, matchedAmount: 0, backers: 2, percent: 100 });
    // The owner cannot cancel a campaign with confirmed pledges.
    await p.api.post(`/campaigns/${id}/cancel`).set(bearer(who.promoter)).send({}).expect(409);

    await passDeadline(p, 28); // past endsAt + grace: funding closes, matching finalizes, campaigns decides
    const closed = await p.api.get(`/campaigns/${id}`).expect(200);
    expect(closed.body.status).toBe('in_delivery');
    expect(closed.body.statusReason).toContain('raised 100000 of 100000');
    await p.api
      .post('/pledges')
      .set(bearer(who.citizen('dario')))
      .send({ campaignId: id, amount: 5_000, currency: 'EUR' })
      .expect(409);
    expect(await outboxTypes(p, id)).toEqual(['campaign.published.v1', 'campaign.succeeded.v1']);

    const [m1, m2] = closed.body.milestones;
    const evidence = {
      reportedValue: 132,
      description: 'Register of the desk',
      documents: [{ url: 'https://docs.example.org/register.pdf', sha256: 'a'.repeat(64) }],
    };
    await p.api
      .post(`/campaigns/${id}/milestones/${m1.id}/evidence`)
      .set(bearer(p.token('intruder', 'promoter')))
      .send(evidence)
      .expect(403);
    await p.api.post(`/campaigns/${id}/milestones/${m1.id}/verification`).set(bearer(who.verifier)).send({ verifiedValue: 120, approved: true }).expect(409); // no evidence yet
    await p.api
      .post(`/campaigns/${id}/milestones/${m1.id}/evidence`)
      .set(bearer(who.promoter))
      .send({ ...evidence, documents: [{ url: 'x', sha256: 'nope' }] })
      .expect(400);
    await p.api.post(`/campaigns/${id}/milestones/${m1.id}/evidence`).set(bearer(who.promoter)).send(evidence).expect(201);

    // Independence: the call's funder and the promoter may not verify, even holding the verifier role.
    await p.api
      .post(`/campaigns/${id}/milestones/${m1.id}/verification`)
      .set(bearer(p.token(who.funderId, 'funder', 'verifier')))
      .send({ verifiedValue: 120, approved: true })
      .expect(403);
    await p.api
      .post(`/campaigns/${id}/milestones/${m1.id}/verification`)
      .set(bearer(p.token(who.promoterId, 'promoter', 'verifier')))
      .send({ verifiedValue: 120, approved: true })
      .expect(403);
    await p.api
      .post(`/campaigns/${id}/milestones/${m1.id}/verification`)
      .set(bearer(who.citizen('anna')))
      .send({ verifiedValue: 120, approved: true })
      .expect(403);
    const verified = await p.api
      .post(`/campaigns/${id}/milestones/${m1.id}/verification`)
      .set(bearer(who.verifier))
      .send({ verifiedValue: 120, approved: true, notes: 'checked the register' })
      .expect(200);
    expect(verified.body).toMatchObject({ status: 'verified', verifiedValue: 120, achievementBps: 8000 });
    await p.api.post(`/campaigns/${id}/milestones/${m1.id}/verification`).set(bearer(who.verifier)).send({ verifiedValue: 150, approved: true }).expect(409);

    await passDeadline(p, 60 + 31); // m2 due + 30 days of grace, never verified
    const done = await p.api.get(`/campaigns/${id}`).expect(200);
    expect(done.body.milestones.map((m: { status: string }) => m.status)).toEqual(['verified', 'expired']);
    // Every milestone is decided, but the upfront and m1 tranches are eligible, unpaid: still in
    // delivery until every tranche is paid or forfeited (issue 17 #18).
    expect(done.body.status).toBe('in_delivery');
    await p.api.post('/promoters/me/payout-account').set(bearer(who.promoter)).send({ method: 'stripe_connect' }).expect(200);
    const eligible = (await p.api.get(`/campaigns/${id}/tranches`).expect(200)).body.filter((t: { status: string }) => t.status === 'eligible');
    expect(eligible).toHaveLength(2);
    for (const t of eligible) await p.api.post(`/tranches/${t.id}/release`).set(bearer(who.admin)).expect(200);
    await p.tick();
    expect((await p.api.get(`/campaigns/${id}`).expect(200)).body.status).toBe('completed');
    expect(await outboxTypes(p, id)).toEqual(['campaign.published.v1', 'campaign.succeeded.v1', 'milestone.verified.v1', 'milestone.expired.v1']);
    const [succeeded] = await p
      .db('campaigns')
      .query(`SELECT envelope FROM campaigns.outbox_messages WHERE message_key = $1 AND event_type = 'campaign.succeeded.v1'`, [id]);
    expect(succeeded.envelope.payload).toMatchObject({
      crowdAmount: 100_000,
      matchAmount: 0,
      upfrontSharePct: 30,
      milestones: [
        { milestoneId: m1.id, payoutSharePct: 40 },
        { milestoneId: m2.id, payoutSharePct: 30 },
      ],
    });
  });

  it('fails an all-or-nothing campaign below its goal and refunds its pledges', async () => {
    const who = cast(p);
    const { id } = await publishCampaign(p, who, { goalAmount: 100_000, fundingModel: 'all_or_nothing', endsAt: isoIn(10, p.clock.now().getTime()) });
    const paid = await pledge(p, who.citizen('elena'), id, 30_000);
    const unpaid = await p.api
      .post('/pledges')
      .set(bearer(who.citizen('fabio')))
      .send({ campaignId: id, amount: 1_000, currency: 'EUR' })
      .expect(201);
    await passDeadline(p, 11);
    const failed = await p.api.get(`/campaigns/${id}`).expect(200);
    expect(failed.body).toMatchObject({ status: 'failed', statusReason: 'all-or-nothing: raised 30000 of 100000 cents (crowd 30000, match 0)' });
    expect(failed.body.progress).toMatchObject({ pledgedAmount: 0, backers: 0 });
    const refunded = await p.api
      .get(`/pledges/${paid.id}`)
      .set(bearer(who.citizen('elena')))
      .expect(200);
    expect(refunded.body).toMatchObject({ status: 'refunded', refundReason: expect.stringContaining('campaign failed') });
    expect(
      (
        await p.api
          .get(`/pledges/${unpaid.body.id}`)
          .set(bearer(who.citizen('fabio')))
          .expect(200)
      ).body.status,
    ).toBe('cancelled');
    // A pledge left unpaid when funding closed was cancelled: it can no longer be paid.
    await p.api
      .post(`/pledges/${unpaid.body.id}/sandbox-confirm`)
      .set(bearer(who.citizen('fabio')))
      .send({ cardNumber: '4242424242424242' })
      .expect(409);
  });

  it('keep-it-all succeeds below the goal with any confirmed pledge', async () => {
    const who = cast(p);
    const { id } = await publishCampaign(p, who, { goalAmount: 100_000, fundingModel: 'keep_it_all', endsAt: isoIn(5, p.clock.now().getTime()) });
    await pledge(p, who.citizen('gino'), id, 2_500);
    await passDeadline(p, 6);
    expect((await p.api.get(`/campaigns/${id}`).expect(200)).body.status).toBe('in_delivery');
  });

  it('decides once when closing events arrive twice, late and out of order', async () => {
    const who = cast(p);
    const { id } = await publishCampaign(p, who, { goalAmount: 100_000, fundingModel: 'all_or_nothing', endsAt: isoIn(5, p.clock.now().getTime()) });
    await pledge(p, who.citizen('hana'), id, 100_000);
    await p.drain();
    // matching's answer arrives BEFORE funding closed (a stray, earlier finalization) — recorded, no decision yet.
    const early = {
      id: crypto.randomUUID(),
      type: 'match.finalized',
      schemaVersion: 1,
      producer: 'matching',
      aggregateType: 'campaign-match',
      aggregateId: id,
      occurredAt: new Date().toISOString(),
      correlationId: 'test',
      causationId: null,
      payload: { campaignId: id, currency: 'EUR', matchAmount: 0, byFund: [] },
    };
    await p
      .db('matching')
      .query(
        `INSERT INTO matching.outbox_messages (event_id, event_type, topic, message_key, envelope) VALUES ($1, 'match.finalized.v1', 'matching.campaign-match', $2, $3)`,
        [early.id, id, JSON.stringify(early)],
      );
    await p.drain();
    expect((await p.api.get(`/campaigns/${id}`).expect(200)).body.status).toBe('live');

    await passDeadline(p, 6);
    expect((await p.api.get(`/campaigns/${id}`).expect(200)).body.status).toBe('in_delivery');
    // Every closing event delivered again (relay lost its marks), plus a contradicting funding.closed: nothing changes.
    for (const schema of ['pledges', 'matching']) await p.db(schema as 'pledges').query(`UPDATE ${schema}.outbox_messages SET published_at = NULL`);
    const [fc] = await p.db('pledges').query(`SELECT envelope FROM pledges.outbox_messages WHERE event_type = 'funding.closed.v1' AND message_key = $1`, [id]);
    const contradicting = {
      ...fc.envelope,
      id: crypto.randomUUID(),
      payload: { ...fc.envelope.payload, crowdAmount: 1, backers: 1, donors: [{ donorId: 'x', amount: 1 }] },
    };
    await p
      .db('pledges')
      .query(
        `INSERT INTO pledges.outbox_messages (event_id, event_type, topic, message_key, envelope) VALUES ($1, 'funding.closed.v1', 'pledges.campaign-funding', $2, $3)`,
        [contradicting.id, id, JSON.stringify(contradicting)],
      );
    await p.drain();
    const after = await p.api.get(`/campaigns/${id}`).expect(200);
    expect(after.body.status).toBe('in_delivery');
    expect(await outboxTypes(p, id)).toEqual(['campaign.published.v1', 'campaign.succeeded.v1']);
    const [closing] = await p.db('campaigns').query(`SELECT crowd_amount, outcome FROM campaigns.campaign_closings WHERE campaign_id = $1`, [id]);
    expect(closing).toEqual({ crowd_amount: '100000', outcome: 'succeeded' });
  });

  it('resumes a closing interrupted by a restart, and fires a deadline missed while down', async () => {
    const who = cast(p);
    const { id } = await publishCampaign(p, who, { goalAmount: 100_000, fundingModel: 'all_or_nothing', endsAt: isoIn(5, p.clock.now().getTime()) });
    await pledge(p, who.citizen('ivo'), id, 100_000);
    await p.drain();
    p.clock.advance(6 * 24 * 3600 * 1000);
    // Funding closes (the pledges job commits funding.closed to its outbox) and the process dies before relaying it.
    await p.app('pledges').get(JobRegistry).runAll();
    expect(
      (await p.db('pledges').query(`SELECT published_at FROM pledges.outbox_messages WHERE event_type = 'funding.closed.v1' AND message_key = $1`, [id]))[0]
        .published_at,
    ).toBeNull();
    await p.restart();
    await p.tick();
    expect((await p.api.get(`/campaigns/${id}`).expect(200)).body.status).toBe('in_delivery');

    // A deadline that passes while everything is down fires on the first run after the restart.
    const second = await publishCampaign(p, who, { goalAmount: 100_000, fundingModel: 'all_or_nothing', endsAt: isoIn(3, p.clock.now().getTime()) });
    await p.restart();
    p.clock.advance(4 * 24 * 3600 * 1000);
    await p.tick();
    expect((await p.api.get(`/campaigns/${second.id}`).expect(200)).body.status).toBe('failed');
  });

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
