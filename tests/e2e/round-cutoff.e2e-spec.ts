import { randomUUID } from 'node:crypto';
import { JobRegistry } from '@lib/platform';
import { isoIn } from '../support/fixtures';
import { bearer, cast, Cast, pledge, publishCampaign } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';

/**
 * docs/money-rules.md, "Round cut-off" (found by npm run faults, docs/faults.md): a quadratic round
 * counts every pledge confirmed before its end, even one whose pledge.confirmed reaches matching
 * after the end (a lagging consumer, the broker down, a matching replica killed at the round's end).
 * Matching asks pledges how many confirmations it announced before the cut-off and finalizes the
 * round only once it holds them all.
 */
describe('quadratic round cut-off: pledges confirmed before the end and delivered after it', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
  });
  afterAll(() => p?.close());

  const DAY = 24 * 3600 * 1000;
  async function roundWithThreePledges(who: Cast) {
    const now = p.clock.now().getTime();
    const { id, callId } = await publishCampaign(p, who, { goalAmount: 100_000, fundingModel: 'keep_it_all', endsAt: isoIn(20, now) });
    const f = await p.api
      .post('/funds')
      .set(bearer(who.funder))
      .send({ name: `QF ${randomUUID().slice(0, 6)}`, currency: 'EUR', budgetAmount: 100_000, sourceTags: ['ERDF'] })
      .expect(201);
    const r = await p.api
      .post(`/funds/${f.body.id}/rules`)
      .set(bearer(who.funder))
      .send({ type: 'quadratic', roundStartsAt: isoIn(-1, now), roundEndsAt: isoIn(5, now), eligibility: { callIds: [callId] } })
      .expect(201);
    await pledge(p, who.citizen('d1'), id, 1_000);
    await pledge(p, who.citizen('d2'), id, 1_000);
    await p.drain();
    // confirmed now, before the round's end; its pledge.confirmed not delivered to matching yet
    const late = await pledge(p, who.citizen('d3'), id, 1_000);
    return { campaignId: id, ruleId: r.body.id as string, fundId: f.body.id as string, latePledgeId: late.id };
  }
  const round = async (ruleId: string) => (await p.api.get(`/rounds/${ruleId}`).expect(200)).body;
  // ideal = (3·√1000)² − 3000 = 6000 ≤ pool
  const threeDonors = [expect.objectContaining({ donors: 3, contributionsAmount: 3_000, matchAmount: 6_000 })];

  it('counts a pledge confirmed before the round ended even when matching runs the round job before hearing of it', async () => {
    const who = cast(p);
    const q = await roundWithThreePledges(who);
    p.clock.advance(6 * DAY);
    // the rounds job runs before matching has consumed the last pledge.confirmed
    await p.app('matching').get(JobRegistry).runAll();
    expect(await round(q.ruleId)).toMatchObject({ status: 'closing' }); // awaiting the cut-off tally
    await p.tick();
    expect(await round(q.ruleId)).toMatchObject({ status: 'final', results: [expect.objectContaining({ campaignId: q.campaignId })] });
    expect((await round(q.ruleId)).results).toEqual(threeDonors);
    expect((await p.api.get(`/funds/${q.fundId}`).expect(200)).body).toMatchObject({ available: 94_000, reserved: 6_000 });
  });

  it('stays closing while a pledge announced before the cut-off has not reached matching, then finalizes with it', async () => {
    const who = cast(p);
    const q = await roundWithThreePledges(who);
    // the relay lost the event for now: pledges announced it, matching has not got it
    await p
      .db('pledges')
      .query(`UPDATE pledges.outbox_messages SET published_at = now() WHERE event_type = 'pledge.confirmed.v1' AND message_key = $1`, [q.latePledgeId]);
    p.clock.advance(6 * DAY);
    await p.tick();
    const [cutoff] = await p.db('matching').query(`SELECT cutoff, tallies FROM matching.round_cutoffs WHERE rule_id = $1`, [q.ruleId]);
    expect(cutoff.tallies).toEqual([{ campaignId: q.campaignId, announced: 3 }]);
    expect(await round(q.ruleId)).toMatchObject({ status: 'closing', results: [expect.objectContaining({ donors: 2 })] });
    expect(await p.db('matching').query(`SELECT 1 FROM matching.rounds WHERE rule_id = $1`, [q.ruleId])).toHaveLength(0);

    await p
      .db('pledges')
      .query(`UPDATE pledges.outbox_messages SET published_at = NULL WHERE event_type = 'pledge.confirmed.v1' AND message_key = $1`, [q.latePledgeId]);
    await p.tick();
    expect(await round(q.ruleId)).toMatchObject({ status: 'final', results: threeDonors });
  });

  it('counts a pledge refunded since as received, and never waits for a confirmation pledges did not announce', async () => {
    const who = cast(p);
    const q = await roundWithThreePledges(who);
    // announced before the cut-off, refunded since: matching got both events, the tally counts it, the round leaves it out
    await p.api.post(`/pledges/${q.latePledgeId}/refund`).set(bearer(who.admin)).send({ reason: 'donor asked' }).expect(200);
    // a refund that overtook the success (PaymentOutcomes.refundedByProvider on an unpaid pledge): dated, never announced
    const unpaid = await p.api
      .post('/pledges')
      .set(bearer(who.citizen('d4')))
      .set('Idempotency-Key', randomUUID())
      .send({ campaignId: q.campaignId, amount: 1_000, currency: 'EUR' })
      .expect(201);
    await p
      .db('pledges')
      .query(
        `UPDATE pledges.pledges SET status = 'refunded', confirmed_at = $2, refunded_at = $2, refund_reason = 'refunded at the payment provider' WHERE id = $1`,
        [unpaid.body.id, p.clock.now()],
      );
    p.clock.advance(6 * DAY);
    await p.tick();
    const [cutoff] = await p.db('matching').query(`SELECT tallies FROM matching.round_cutoffs WHERE rule_id = $1`, [q.ruleId]);
    expect(cutoff.tallies).toEqual([{ campaignId: q.campaignId, announced: 3 }]);
    // ideal = (2·√1000)² − 2000 = 2000
    expect(await round(q.ruleId)).toMatchObject({
      status: 'final',
      results: [expect.objectContaining({ donors: 2, contributionsAmount: 2_000, matchAmount: 2_000 })],
    });
  });

  it('changes nothing on a repeated request or a repeated, contradicting answer', async () => {
    const who = cast(p);
    const q = await roundWithThreePledges(who);
    p.clock.advance(6 * DAY);
    await p.tick();
    const before = await round(q.ruleId);
    expect(before).toMatchObject({ status: 'final', results: threeDonors });

    // every cut-off event delivered again (the relay lost its marks), plus an answer with other counts
    for (const schema of ['pledges', 'matching'] as const) {
      await p.db(schema).query(`UPDATE ${schema}.outbox_messages SET published_at = NULL WHERE event_type LIKE 'round.cutoff_%'`);
    }
    const [answer] = await p
      .db('pledges')
      .query(`SELECT envelope, topic FROM pledges.outbox_messages WHERE event_type = 'round.cutoff_tallied.v1' AND message_key = $1`, [q.ruleId]);
    const contradicting = {
      ...answer.envelope,
      id: randomUUID(),
      payload: { ...answer.envelope.payload, campaigns: [{ campaignId: q.campaignId, announced: 99 }] },
    };
    await p
      .db('pledges')
      .query(`INSERT INTO pledges.outbox_messages (event_id, event_type, topic, message_key, envelope) VALUES ($1, 'round.cutoff_tallied.v1', $2, $3, $4)`, [
        contradicting.id,
        answer.topic,
        q.ruleId,
        JSON.stringify(contradicting),
      ]);
    await p.tick();
    expect(await round(q.ruleId)).toEqual(before);
    const [cutoff] = await p.db('matching').query(`SELECT tallies FROM matching.round_cutoffs WHERE rule_id = $1`, [q.ruleId]);
    expect(cutoff.tallies).toEqual([{ campaignId: q.campaignId, announced: 3 }]);
    expect((await p.db('matching').query(`SELECT count(*)::int AS n FROM matching.round_results WHERE rule_id = $1`, [q.ruleId]))[0].n).toBe(1);
  });
});
