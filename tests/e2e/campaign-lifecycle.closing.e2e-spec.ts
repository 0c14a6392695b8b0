import { isoIn } from '../support/fixtures';
import { JobRegistry } from '@lib/platform';
import { bearer, cast, passDeadline, pledge, publishCampaign } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';
import { outboxTypes } from '../support/outbox';

// How funding closes: below the goal, kept below it, events twice and out of order, across a restart (the walk: campaign-lifecycle.e2e-spec.ts).
describe('campaign lifecycle: schedule, close, deliver, verify, complete', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
  });
  afterAll(() => p?.close());

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
});
