import { isoIn } from '../support/fixtures';
import { bearer, cast, passDeadline, pledge, publishCampaign } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';
import { outboxTypes } from '../support/outbox';

// The whole walk of one campaign; closings (failed, kept, twice, after a restart): campaign-lifecycle.closing.e2e-spec.ts;
// cancellations, updates and the list: campaign-lifecycle.live.e2e-spec.ts.
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
});
