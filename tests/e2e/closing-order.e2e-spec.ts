import { isoIn } from '../support/fixtures';
import { bearer, cast, passDeadline, pledge, publishCampaign } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';

/**
 * funding.closed and pledge.confirmed travel on different topics, so matching may get the close
 * before a pledge event the close counts (scripts/faults found it after a restart). Matching must
 * then wait for that pledge, match it, and finalize once — not finalize without it (the pledge
 * would never be matched) nor reserve it after finalizing (committed in the fund, never escrowed).
 */
describe('closing saga: funding.closed reaches matching before a pledge it counts', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
  });
  afterAll(() => p?.close());

  it('finalizes only once the late pledge is matched, and commits exactly what the escrow receives', async () => {
    const who = cast(p);
    const { id, callId } = await publishCampaign(p, who, { goalAmount: 100_000, fundingModel: 'keep_it_all', endsAt: isoIn(10, p.clock.now().getTime()) });
    const fund = (await p.api.post('/funds').set(bearer(who.funder)).send({ name: 'City', currency: 'EUR', budgetAmount: 1_000_000, sourceTags: ['municipal'] }).expect(201)).body;
    await p.api.post(`/funds/${fund.id}/rules`).set(bearer(who.funder)).send({ type: 'ratio', numerator: 1, denominator: 2, eligibility: { callIds: [callId] } }).expect(201);
    await pledge(p, who.citizen('ada'), id, 10_000);
    await p.drain();

    // bea's pledge.confirmed stays in the outbox (its topic lags) while funding closes counting her.
    const late = await pledge(p, who.citizen('bea'), id, 20_001);
    const hold = (held: boolean) =>
      p.db('pledges').query(`UPDATE pledges.outbox_messages SET published_at = ${held ? 'now()' : 'NULL'} WHERE event_type = 'pledge.confirmed.v1' AND envelope->'payload'->>'pledgeId' = $1`, [late.id]);
    await hold(true);
    await passDeadline(p, 11);
    expect((await p.api.get(`/campaigns/${id}`).expect(200)).body.status).toBe('live'); // matching has not finalized yet
    expect((await p.api.get(`/funds/${fund.id}`).expect(200)).body).toMatchObject({ committed: 0 });

    await hold(false);
    await p.tick();
    // 10,000 / 2 = 5,000 and 20,001 / 2 = 10,000 (floored)
    expect((await p.api.get(`/campaigns/${id}`).expect(200)).body).toMatchObject({ status: 'in_delivery', progress: { pledgedAmount: 30_001, matchedAmount: 15_000, backers: 2 } });
    expect((await p.api.get(`/funds/${fund.id}`).expect(200)).body).toMatchObject({ available: 985_000, reserved: 0, committed: 15_000 });
    const ledger = (await p.api.get(`/ledger/campaigns/${id}`).expect(200)).body as { movements: { kind: string; amount: number }[] };
    const sum = (kind: string) => ledger.movements.filter((m) => m.kind === kind).reduce((s, m) => s + m.amount, 0);
    expect([sum('pledge_collected'), sum('match_committed')]).toEqual([30_001, 15_000]);
    const tranches = (await p.api.get(`/campaigns/${id}/tranches`).expect(200)).body as { amount: number }[];
    expect(tranches.reduce((s, t) => s + t.amount, 0)).toBe(45_001);
  });
});
