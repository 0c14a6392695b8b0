import { randomUUID } from 'node:crypto';
import { cast, passDeadline, pledge, publishCampaign } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';
import { campaignLedger, payoutAccount, releaseTranche } from '../support/delivery';
import { campaignOf, fundOf, fundWithRule, keepItAll, ratioRule, statusOf, tranchesOf } from '../support/scenario';

const CITY = { name: 'City', budgetAmount: 1_000_000, sourceTags: ['municipal'] };

/**
 * funding.closed and pledge.confirmed travel on different topics, so matching may get the close
 * before a pledge event the close counts (scripts/faults found it after a restart). Matching must
 * then wait for that pledge, match it, and finalize once — not finalize without it (the pledge
 * would never be matched) nor reserve it after finalizing (committed in the fund, never escrowed).
 */
describe('events of one campaign on different topics, in any order (found by scripts/faults)', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
  });
  afterAll(() => p?.close());

  it('finalizes only once the late pledge is matched, and commits exactly what the escrow receives', async () => {
    const who = cast(p);
    const { id, callId } = await keepItAll(p, who);
    const fund = await fundWithRule(p, who.funder, CITY, ratioRule(callId, { denominator: 2 }));
    await pledge(p, who.citizen('ada'), id, 10_000);
    await p.drain();

    // bea's pledge.confirmed lags on its way to matching (its topic) while funding closes counting her.
    await pledge(p, who.citizen('bea'), id, 20_001);
    const release = p.hold('matching', 'pledge.confirmed');
    await p.drain();
    await passDeadline(p, 11);
    expect(await statusOf(p, id)).toBe('live'); // matching has not finalized yet
    expect(await fundOf(p, fund.id)).toMatchObject({ committed: 0 });

    await release();
    await p.tick();
    // 10,000 / 2 = 5,000 and 20,001 / 2 = 10,000 (floored)
    expect(await campaignOf(p, id)).toMatchObject({
      status: 'in_delivery',
      progress: { pledgedAmount: 30_001, matchedAmount: 15_000, backers: 2 },
    });
    expect(await fundOf(p, fund.id)).toMatchObject({ available: 985_000, reserved: 0, committed: 15_000 });
    const ledger = await campaignLedger(p, id);
    expect([ledger.sum('pledge_collected'), ledger.sum('match_committed')]).toEqual([30_001, 15_000]);
    const tranches = (await tranchesOf(p, id)) as { amount: number }[];
    expect(tranches.reduce((s, t) => s + t.amount, 0)).toBe(45_001);
  });

  /** Appends an event to a service's outbox, as that service would (tests below reorder or repeat events). */
  const emit = async (service: 'pledges' | 'payouts', type: string, topic: string, key: string, payload: Record<string, unknown>) => {
    const envelope = {
      id: randomUUID(),
      type,
      schemaVersion: 1,
      producer: service,
      aggregateType: topic.split('.')[1],
      aggregateId: key,
      occurredAt: new Date().toISOString(),
      correlationId: 'test',
      causationId: null,
      payload,
    };
    await p
      .db(service)
      .query(`INSERT INTO ${service}.outbox_messages (event_id, event_type, topic, message_key, envelope) VALUES ($1, $2, $3, $4, $5)`, [
        envelope.id,
        `${type}.v1`,
        topic,
        key,
        JSON.stringify(envelope),
      ]);
  };

  it("spends a released tranche's match even when matching has not applied the campaign's success yet", async () => {
    const who = cast(p);
    const { id, callId } = await keepItAll(p, who);
    const fund = await fundWithRule(p, who.funder, CITY, ratioRule(callId));
    await payoutAccount(p, who.promoter);
    await pledge(p, who.citizen('ada'), id, 40_000);
    await p.drain();
    // campaign.succeeded lags on its way to matching (its topic): matching has finalized the match
    // (reserved) when payouts, which has heard of the success, releases the upfront tranche (40 %).
    const release = p.hold('matching', 'campaign.succeeded');
    await passDeadline(p, 11);
    const upfront = async () =>
      ((await tranchesOf(p, id)) as { id: string; kind: string; status: string; amount: number }[]).find((t) => t.kind === 'upfront')!;
    await releaseTranche(p, who.funder, (await upfront()).id);
    await p.drain();
    expect(await upfront()).toMatchObject({ status: 'paid', amount: 32_000 });
    // (the release applies the success it implies: the rest committed, never a negative committed bucket)
    expect(await fundOf(p, fund.id)).toMatchObject({ available: 960_000, reserved: 0, committed: 24_000, spent: 16_000 });
    // The success comes late: nothing is left to commit.
    await release();
    await p.drain();
    expect(await fundOf(p, fund.id)).toMatchObject({ available: 960_000, reserved: 0, committed: 24_000, spent: 16_000 });
    const dead = await p.db('matching').query(`SELECT event_type FROM matching.inbox_messages WHERE status = 'dead'`);
    expect(dead).toEqual([]);
  });

  it('counts a new backer once when two of their first pledges are applied at the same time', async () => {
    const who = cast(p);
    const { id } = await publishCampaign(p, who);
    const donors = Array.from({ length: 8 }, (_, i) => `twice-${i}-${randomUUID().slice(0, 6)}`);
    for (const donorId of donors) {
      for (const amount of [1_000, 2_000]) {
        const pledgeId = randomUUID();
        await emit('pledges', 'pledge.confirmed', 'pledges.pledge', pledgeId, {
          pledgeId,
          campaignId: id,
          donorId,
          amount,
          currency: 'EUR',
          confirmedAt: new Date().toISOString(),
        });
      }
    }
    await p.drain();
    expect((await campaignOf(p, id)).progress).toMatchObject({ pledgedAmount: 24_000, backers: 8 });
  });
});
