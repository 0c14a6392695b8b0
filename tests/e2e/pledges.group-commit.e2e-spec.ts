import { randomUUID } from 'node:crypto';
import { isoIn } from '../support/fixtures';
import { bearer, cast, Cast, publishCampaign } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';

/**
 * POST /pledges and sandbox confirmations are written by group commit: requests that arrive
 * together share a transaction. Each must still get exactly its own answer — created, replayed,
 * refused — and the refused ones must leave nothing behind, whatever else is in their group.
 */
describe('pledges: concurrent requests written by group commit each get their own answer', () => {
  let p: TestPlatform;
  let who: Cast;
  let campaignId: string;
  let closedId: string;

  beforeAll(async () => {
    p = await startTestPlatform();
    who = cast(p);
    ({ id: campaignId } = await publishCampaign(p, who, { goalAmount: 500_000 }));
    ({ id: closedId } = await publishCampaign(p, who, { startsAt: isoIn(5, p.clock.now().getTime()) }));
  });
  afterAll(() => p?.close());

  const create = (token: string, body: Record<string, unknown>, key?: string) => {
    const req = p.api.post('/pledges').set(bearer(token));
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  };
  /** How many groups of `group` wrote more than one request so far (from /metrics). */
  const sharedGroups = async (group: string) => {
    const text = (await p.api.get('/metrics').expect(200)).text;
    const count = Number(new RegExp(`^civic_group_commit_items_count\\{group="${group}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
    const alone = Number(new RegExp(`^civic_group_commit_items_bucket\\{le="1",group="${group}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
    return count - alone;
  };
  const confirm = (token: string, id: string, cardNumber = '4242424242424242') =>
    p.api.post(`/pledges/${id}/sandbox-confirm`).set(bearer(token)).send({ cardNumber });

  it('creates, replays and refuses in one burst: every request its own status, only the created pledges stored, refused keys free again', async () => {
    const donors = Array.from({ length: 12 }, (_, i) => who.citizen(`burst-${i}`));
    const keys = donors.map(() => randomUUID());
    const base = { campaignId, currency: 'EUR' };
    const requests = [
      ...donors.map((d, i) => ({ kind: 'new', run: () => create(d, { ...base, amount: 1_000 + i }, keys[i]) })),
      ...donors.slice(0, 4).map((d, i) => ({ kind: 'same key, same body', run: () => create(d, { ...base, amount: 1_000 + i }, keys[i]) })),
      { kind: 'same key, other body', run: () => create(donors[5], { ...base, amount: 9_999 }, keys[5]) },
      { kind: 'too small', run: () => create(donors[6], { ...base, amount: 1 }, 'refused-key') },
      { kind: 'not open', run: () => create(donors[7], { ...base, campaignId: closedId, amount: 1_000 }) },
      { kind: 'unknown campaign', run: () => create(donors[8], { ...base, campaignId: randomUUID(), amount: 1_000 }) },
      ...donors.slice(0, 6).map((d) => ({ kind: 'no key', run: () => create(d, { ...base, amount: 500 }) })),
    ];
    const shared = await sharedGroups('pledges.create');
    const responses = await Promise.all(requests.map((r) => r.run()));
    const byKind = (kind: string) => responses.filter((_, i) => requests[i].kind === kind);
    expect(await sharedGroups('pledges.create')).toBeGreaterThan(shared); // the burst did share transactions

    expect(byKind('new').map((r) => r.status)).toEqual(donors.map(() => 201));
    expect(byKind('no key').map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    // the same key and body: the first answer (whichever of the two came first), never a second pledge
    byKind('same key, same body').forEach((r, i) => {
      expect(r.status).toBe(201);
      expect(r.body.id).toBe(byKind('new')[i].body.id);
    });
    const replays = [...byKind('new').slice(0, 4), ...byKind('same key, same body')].filter((r) => r.headers['idempotent-replayed'] === 'true');
    expect(replays).toHaveLength(4);
    expect(byKind('same key, other body').map((r) => [r.status, r.body.code])).toEqual([[422, 'IDEMPOTENCY_KEY_REUSED']]);
    expect(byKind('too small').map((r) => [r.status, r.body.code])).toEqual([[422, 'PLEDGE_AMOUNT_OUT_OF_RANGE']]);
    expect(byKind('not open').map((r) => [r.status, r.body.code])).toEqual([[409, 'CAMPAIGN_NOT_ACCEPTING_PLEDGES']]);
    expect(byKind('unknown campaign').map((r) => r.status)).toEqual([404]);

    const stored = await p.db('pledges').query(`SELECT count(*)::int AS n FROM pledges.pledges WHERE campaign_id = $1`, [campaignId]);
    expect(stored[0].n).toBe(12 + 6);
    // the refused request left no key: the same key with a valid body now creates
    expect((await create(donors[6], { ...base, amount: 1 }, 'refused-key')).status).toBe(422);
    expect((await create(donors[6], { ...base, amount: 100 }, 'refused-key')).status).toBe(201);
  });

  it('confirms a burst: paid, declined, bad card, another donor, twice the same — each its own answer and one pledge.confirmed per paid pledge', async () => {
    const donors = Array.from({ length: 10 }, (_, i) => who.citizen(`payer-${i}`));
    const created = await Promise.all(donors.map((d, i) => create(d, { campaignId, currency: 'EUR', amount: 2_000 + i }).expect(201)));
    const ids = created.map((r) => r.body.id as string);
    const requests = [
      ...donors.slice(0, 6).map((d, i) => ({ kind: 'pays', run: () => confirm(d, ids[i]) })),
      ...donors.slice(0, 2).map((d, i) => ({ kind: 'pays again', run: () => confirm(d, ids[i]) })),
      { kind: 'declined', run: () => confirm(donors[6], ids[6], '4000000000000002') },
      { kind: 'not a card', run: () => confirm(donors[7], ids[7], '4242424242424241') },
      { kind: 'not the donor', run: () => confirm(donors[0], ids[8]) },
      { kind: 'unknown', run: () => confirm(donors[9], randomUUID()) },
    ];
    const shared = await sharedGroups('pledges.sandbox-confirm');
    const responses = await Promise.all(requests.map((r) => r.run()));
    const byKind = (kind: string) => responses.filter((_, i) => requests[i].kind === kind);
    expect(await sharedGroups('pledges.sandbox-confirm')).toBeGreaterThan(shared);

    expect(byKind('pays').map((r) => [r.status, r.body.status])).toEqual(Array.from({ length: 6 }, () => [200, 'confirmed']));
    byKind('pays again').forEach((r, i) =>
      expect([r.status, r.body.status, r.body.confirmedAt]).toEqual([200, 'confirmed', byKind('pays')[i].body.confirmedAt]),
    );
    expect(byKind('declined').map((r) => [r.status, r.body.status, r.body.failureReason])).toEqual([[200, 'failed', 'card_declined: generic_decline']]);
    expect(byKind('not a card').map((r) => [r.status, r.body.code])).toEqual([[400, 'CARD_NUMBER_INVALID']]);
    expect(byKind('not the donor').map((r) => r.status)).toEqual([403]);
    expect(byKind('unknown').map((r) => r.status)).toEqual([404]);

    const rows: { id: string; status: string }[] = await p
      .db('pledges')
      .query(`SELECT id, status FROM pledges.pledges WHERE id = ANY($1::uuid[]) ORDER BY amount_minor`, [ids]);
    expect(rows.map((r) => r.status)).toEqual([
      'confirmed',
      'confirmed',
      'confirmed',
      'confirmed',
      'confirmed',
      'confirmed',
      'failed',
      'requires_payment',
      'requires_payment',
      'requires_payment',
    ]);
    const events: { event_type: string; n: number }[] = await p
      .db('pledges')
      .query(`SELECT event_type, count(*)::int AS n FROM pledges.outbox_messages WHERE message_key = ANY($1::text[]) GROUP BY event_type ORDER BY event_type`, [
        ids,
      ]);
    expect(events).toEqual([
      { event_type: 'pledge.confirmed.v1', n: 6 },
      { event_type: 'pledge.failed.v1', n: 1 },
    ]);
    await p.drain();
    const campaign = await p.api.get(`/campaigns/${campaignId}`).expect(200);
    expect(campaign.body.progress.backers).toBeGreaterThanOrEqual(6);
  });
});
