import { randomUUID } from 'node:crypto';
import { getTransactionHostToken, TransactionHost } from '@nestjs-cls/transactional';
import { Payouts } from '../../apps/payouts/src/payments/tranche-payout';
import { PAYOUT_GATEWAY, PayoutGateway } from '../../apps/payouts/src/payments/payout-gateway';
import { aCall, aCampaign, isoIn } from '../support/fixtures';
import { bearer, cast, passDeadline, pledge, publishCampaign } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';

/**
 * Issue 17, paths no other suite walked: milestones that could never be verified (#5), a reject
 * that dropped its reason and bodies nobody validated (#19), a crowd-only tranche only an admin
 * could release (#20).
 */
describe('campaign edges', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
  });
  afterAll(() => p?.close());

  const milestone = (overrides: Record<string, unknown> = {}) => ({
    title: 'Desk open',
    indicator: 'households served',
    unit: 'households',
    baseline: 0,
    target: 100,
    dueAt: isoIn(120, p.clock.now().getTime()),
    payoutSharePct: 60,
    paymentRule: 'binary',
    ...overrides,
  });

  it('#5 refuses milestones that can never be verified, and out-of-range values, with 400 (never 500)', async () => {
    const who = cast(p);
    const now = p.clock.now().getTime();
    const call = (
      await p.api
        .post('/calls')
        .set(bearer(who.funder))
        .send(aCall({ opensAt: isoIn(-1, now), closesAt: isoIn(90, now) }))
        .expect(201)
    ).body;
    const draft = (overrides: Record<string, unknown>) =>
      aCampaign(call.id, { startsAt: isoIn(-1, now), endsAt: isoIn(30, now), milestones: [milestone(overrides)] });
    const before = await p.db('campaigns').query(`SELECT count(*)::int AS n FROM campaigns.campaigns WHERE promoter_id = $1`, [who.promoterId]);

    const same = await p.api
      .post('/campaigns')
      .set(bearer(who.promoter))
      .send(draft({ baseline: 50, target: 50 }))
      .expect(400);
    expect(same.body).toMatchObject({ code: 'MILESTONE_TARGET_EQUALS_BASELINE' });
    // Equal at the indicator resolution (10^-6) is equal too.
    await p.api
      .post('/campaigns')
      .set(bearer(who.promoter))
      .send(draft({ baseline: 1, target: 1.0000000001 }))
      .expect(400);
    for (const bad of [{ target: 1.7e308 }, { baseline: -1e10 }, { target: 1e9 + 1 }]) {
      await p.api.post('/campaigns').set(bearer(who.promoter)).send(draft(bad)).expect(400);
    }
    const after = await p.db('campaigns').query(`SELECT count(*)::int AS n FROM campaigns.campaigns WHERE promoter_id = $1`, [who.promoterId]);
    expect(after[0].n).toBe(before[0].n); // nothing was created
    await p.api
      .post('/campaigns')
      .set(bearer(who.promoter))
      .send(draft({ baseline: 10, target: 0 }))
      .expect(201); // going down is fine

    const { id } = await publishCampaign(p, who, { goalAmount: 100_000, fundingModel: 'keep_it_all', endsAt: isoIn(10, now) });
    await pledge(p, who.citizen('ada'), id, 10_000);
    await passDeadline(p, 11);
    const m = (await p.api.get(`/campaigns/${id}`).expect(200)).body.milestones[0];
    const url = `/campaigns/${id}/milestones/${m.id}`;
    await p.api.post(`${url}/evidence`).set(bearer(who.promoter)).send({ reportedValue: 1.7e308, description: 'r', documents: [] }).expect(400);
    await p.api.post(`${url}/evidence`).set(bearer(who.promoter)).send({ reportedValue: 100, description: 'r', documents: [] }).expect(201);
    for (const verifiedValue of [1.7e308, -1.7e308, 1e9 + 1]) {
      const r = await p.api.post(`${url}/verification`).set(bearer(who.verifier)).send({ verifiedValue, approved: true });
      expect(r.status).toBe(400);
    }
    expect((await p.api.get(`/campaigns/${id}`).expect(200)).body.milestones[0]).toMatchObject({ status: 'evidence_submitted' }); // nothing changed
    await p.api.post(`${url}/verification`).set(bearer(who.verifier)).send({ verifiedValue: 1e9, approved: true }).expect(200);
  });

  it('#19 reject takes a required reason, stores, returns and audits it; unknown fields are refused on every body', async () => {
    const who = cast(p);
    const now = p.clock.now().getTime();
    const call = (
      await p.api
        .post('/calls')
        .set(bearer(who.funder))
        .send(aCall({ opensAt: isoIn(-1, now), closesAt: isoIn(90, now) }))
        .expect(201)
    ).body;
    const draft = (
      await p.api
        .post('/campaigns')
        .set(bearer(who.promoter))
        .send(aCampaign(call.id, { startsAt: isoIn(-1, now), endsAt: isoIn(30, now), milestones: [milestone()] }))
        .expect(201)
    ).body;
    // Bodies on routes that take none: unknown fields are a 400, and nothing happens.
    const submitted = await p.api.post(`/campaigns/${draft.id}/submit`).set(bearer(who.promoter)).send({ force: true });
    expect(submitted.status).toBe(400);
    expect((await p.api.get(`/campaigns/${draft.id}`).set(bearer(who.promoter)).expect(200)).body.status).toBe('draft');
    await p.api.post(`/campaigns/${draft.id}/submit`).set(bearer(who.promoter)).send({}).expect(200); // an empty body is no body

    const reject = `/campaigns/${draft.id}/reject`;
    await p.api.post(reject).set(bearer(who.funder)).expect(400); // the reason is required
    await p.api.post(reject).set(bearer(who.funder)).send({ reason: '' }).expect(400);
    await p.api.post(reject).set(bearer(who.funder)).send({ reason: '   ' }).expect(400);
    await p.api
      .post(reject)
      .set(bearer(who.funder))
      .send({ reason: 'x'.repeat(1001) })
      .expect(400);
    await p.api.post(reject).set(bearer(who.funder)).send({ reason: 'Budget unclear', extra: 1 }).expect(400);
    await p.api.post(`/campaigns/${draft.id}/approve`).set(bearer(who.funder)).send({ reason: 'no body here' }).expect(400);
    expect((await p.api.get(`/campaigns/${draft.id}`).set(bearer(who.promoter)).expect(200)).body.status).toBe('submitted'); // nothing changed

    const rejected = await p.api.post(reject).set(bearer(who.funder)).send({ reason: 'The budget does not show the co-financing' }).expect(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', statusReason: 'The budget does not show the co-financing' });
    expect((await p.api.get(`/campaigns/${draft.id}`).set(bearer(who.promoter)).expect(200)).body.statusReason).toBe(
      'The budget does not show the co-financing',
    );
    const audit = (await p.api.get(`/audit/campaigns?action=campaign.reject&resourceId=${draft.id}`).set(bearer(who.admin)).expect(200)).body.items;
    const ok = audit.filter((e: { outcome: string }) => e.outcome === 'succeeded');
    expect(ok).toHaveLength(1);
    expect(ok[0]).toMatchObject({ actorId: who.funderId, details: { body: { reason: 'The budget does not show the co-financing' } } });

    // Every other bodiless POST refuses unknown fields too, in every service.
    const { id } = await publishCampaign(p, who, { goalAmount: 100_000, fundingModel: 'keep_it_all', endsAt: isoIn(10, now) });
    await p.api.post(`/campaigns/${id}/cancel`).set(bearer(who.promoter)).send({ reason: 'ok', force: true }).expect(400);
    const fund = (
      await p.api
        .post('/funds')
        .set(bearer(who.funder))
        .send({ name: 'Fund to close', currency: 'EUR', budgetAmount: 10_000, sourceTags: ['municipal'] })
        .expect(201)
    ).body;
    const closing = await p.api.post(`/funds/${fund.id}/close`).set(bearer(who.funder)).send({ returnTo: 'someone-else' }).expect(400);
    expect(closing.body).toMatchObject({ code: 'BODY_NOT_ALLOWED' });
    expect((await p.api.get(`/funds/${fund.id}`).set(bearer(who.funder)).expect(200)).body).toMatchObject({ available: 10_000, returned: 0 });
    await p.api.post(`/funds/${fund.id}/close`).set(bearer(who.funder)).send([1]).expect(400);
    await p.api
      .post(`/funds/${fund.id}/close`)
      .set(bearer(who.funder))
      .expect((r) => expect(r.status).toBeLessThan(300));
    expect((await p.api.get(`/funds/${fund.id}`).set(bearer(who.funder)).expect(200)).body).toMatchObject({ available: 0, returned: 10_000 });
  });

  it('#20 the funder owning the call may release a crowd-only tranche; another funder may not', async () => {
    const who = cast(p);
    const now = p.clock.now().getTime();
    const { id } = await publishCampaign(p, who, { goalAmount: 100_000, fundingModel: 'keep_it_all', upfrontSharePct: 40, endsAt: isoIn(10, now) });
    await pledge(p, who.citizen('ada'), id, 10_000);
    await passDeadline(p, 11);
    const [upfront] = (await p.api.get(`/campaigns/${id}/tranches`).expect(200)).body;
    expect(upfront).toMatchObject({ kind: 'upfront', amount: 4_000, matchShares: [], status: 'eligible' });
    const other = cast(p);
    await p.api.post(`/tranches/${upfront.id}/release`).set(bearer(who.funder)).send({ amount: 1 }).expect(400); // no body here
    const refused = await p.api.post(`/tranches/${upfront.id}/release`).set(bearer(other.funder)).expect(403);
    expect(refused.body).toMatchObject({ code: 'FORBIDDEN' });
    expect((await p.api.get(`/campaigns/${id}/tranches`).expect(200)).body[0].status).toBe('eligible');
    const released = await p.api.post(`/tranches/${upfront.id}/release`).set(bearer(who.funder)).expect(200);
    expect(['released', 'paid']).toContain(released.body.status);
  });

  it('#18 a campaign is completed only once every tranche is paid or forfeited', async () => {
    const who = cast(p);
    const now = p.clock.now().getTime();
    const { id } = await publishCampaign(p, who, { goalAmount: 100_000, fundingModel: 'keep_it_all', upfrontSharePct: 40, endsAt: isoIn(10, now) });
    await pledge(p, who.citizen('ada'), id, 10_000);
    await passDeadline(p, 11);
    const status = async () => (await p.api.get(`/campaigns/${id}`).expect(200)).body.status;
    const m = (await p.api.get(`/campaigns/${id}`).expect(200)).body.milestones[0];
    await p.api
      .post(`/campaigns/${id}/milestones/${m.id}/evidence`)
      .set(bearer(who.promoter))
      .send({ reportedValue: 100, description: 'r', documents: [] })
      .expect(201);
    await p.api.post(`/campaigns/${id}/milestones/${m.id}/verification`).set(bearer(who.verifier)).send({ verifiedValue: 100, approved: true }).expect(200);
    await p.tick();
    const tranches = async () => (await p.api.get(`/campaigns/${id}/tranches`).expect(200)).body as { id: string; status: string }[];
    expect((await tranches()).map((t) => t.status)).toEqual(['eligible', 'eligible']);
    expect(await status()).toBe('in_delivery'); // every milestone decided, no tranche paid

    await p.api.post('/promoters/me/payout-account').set(bearer(who.promoter)).send({ method: 'stripe_connect' }).expect(200);
    const [upfront, last] = await tranches();
    await p.api.post(`/tranches/${upfront.id}/release`).set(bearer(who.admin)).expect(200);
    await p.tick();
    expect(await status()).toBe('in_delivery'); // one tranche still eligible
    await p.api.post(`/tranches/${last.id}/release`).set(bearer(who.admin)).expect(200);
    await p.tick();
    expect((await tranches()).map((t) => t.status)).toEqual(['paid', 'paid']);
    expect(await status()).toBe('completed');
  });

  it('#18 a campaign whose only milestone fails completes once the forfeited tranche and the paid upfront settle it', async () => {
    const who = cast(p);
    const now = p.clock.now().getTime();
    const { id } = await publishCampaign(p, who, { goalAmount: 100_000, fundingModel: 'keep_it_all', upfrontSharePct: 40, endsAt: isoIn(10, now) });
    await pledge(p, who.citizen('ada'), id, 10_000);
    await passDeadline(p, 11);
    const m = (await p.api.get(`/campaigns/${id}`).expect(200)).body.milestones[0];
    await p.api
      .post(`/campaigns/${id}/milestones/${m.id}/evidence`)
      .set(bearer(who.promoter))
      .send({ reportedValue: 10, description: 'r', documents: [] })
      .expect(201);
    await p.api.post(`/campaigns/${id}/milestones/${m.id}/verification`).set(bearer(who.verifier)).send({ verifiedValue: 10, approved: false }).expect(200);
    await p.tick();
    const list = (await p.api.get(`/campaigns/${id}/tranches`).expect(200)).body as { id: string; status: string }[];
    expect(list.map((t) => t.status)).toEqual(['eligible', 'forfeited']);
    expect((await p.api.get(`/campaigns/${id}`).expect(200)).body.status).toBe('in_delivery');
    await p.api.post('/promoters/me/payout-account').set(bearer(who.promoter)).send({ method: 'stripe_connect' }).expect(200);
    await p.api.post(`/tranches/${list[0].id}/release`).set(bearer(who.funder)).expect(200);
    await p.tick();
    expect((await p.api.get(`/campaigns/${id}`).expect(200)).body).toMatchObject({ status: 'completed' });
  });

  it('calls the transfer after the release committed, outside any transaction; the retry job pays a release whose process died before its transfer', async () => {
    const who = cast(p);
    const now = p.clock.now().getTime();
    const { id } = await publishCampaign(p, who, { goalAmount: 100_000, fundingModel: 'keep_it_all', upfrontSharePct: 40, endsAt: isoIn(10, now) });
    await pledge(p, who.citizen('ada'), id, 10_000);
    await passDeadline(p, 11);
    await p.api.post('/promoters/me/payout-account').set(bearer(who.promoter)).send({ method: 'stripe_connect' }).expect(200);
    const [upfront] = (await p.api.get(`/campaigns/${id}/tranches`).expect(200)).body;

    const app = p.app('payouts');
    const gateway = app.get<PayoutGateway>(PAYOUT_GATEWAY);
    const txHost = app.get<TransactionHost>(getTransactionHostToken('payouts'));
    const original = gateway.transfer.bind(gateway);
    const calls: { inTransaction: boolean; trancheId: string }[] = [];
    gateway.transfer = async (input) => {
      calls.push({ inTransaction: txHost.isTransactionActive(), trancheId: input.trancheId });
      return original(input);
    };
    try {
      const released = await p.api.post(`/tranches/${upfront.id}/release`).set(bearer(who.funder)).expect(200);
      expect(released.body).toMatchObject({ id: upfront.id, status: 'paid' });
      expect(calls).toEqual([{ inTransaction: false, trancheId: upfront.id }]);

      // The process dies right after the release's commit, before its transfer (the post-commit payout never runs).
      const m = (await p.api.get(`/campaigns/${id}`).expect(200)).body.milestones[0];
      await p.api
        .post(`/campaigns/${id}/milestones/${m.id}/evidence`)
        .set(bearer(who.promoter))
        .send({ reportedValue: 100, description: 'r', documents: [] })
        .expect(201);
      await p.api.post(`/campaigns/${id}/milestones/${m.id}/verification`).set(bearer(who.verifier)).send({ verifiedValue: 100, approved: true }).expect(200);
      await p.drain();
      const last = (await p.api.get(`/campaigns/${id}/tranches`).expect(200)).body[1];
      expect(last.status).toBe('eligible');
      const payouts = app.get(Payouts);
      const pay = payouts.pay;
      payouts.pay = async () => {
        throw new Error('SIGKILL between commit and transfer');
      };
      try {
        const r = await p.api.post(`/tranches/${last.id}/release`).set(bearer(who.funder)).expect(200);
        expect(r.body.status).toBe('released'); // the release stands; its transfer is pending
      } finally {
        payouts.pay = pay;
      }
      expect(calls).toHaveLength(1);
      await p.tick(); // the retry job
      expect(calls).toEqual([
        { inTransaction: false, trancheId: upfront.id },
        { inTransaction: false, trancheId: last.id },
      ]);
      expect((await p.api.get(`/campaigns/${id}/tranches`).expect(200)).body.map((t: { status: string }) => t.status)).toEqual(['paid', 'paid']);
      await p.tick();
      expect(calls).toHaveLength(2); // paid once
      expect((await p.api.get(`/campaigns/${id}`).expect(200)).body.status).toBe('completed');
    } finally {
      gateway.transfer = original;
    }
  });

  it('lists in GET /verifications/queue only the milestones the caller may verify (independence)', async () => {
    const who = cast(p);
    const now = p.clock.now().getTime();
    const { id, callId } = await publishCampaign(p, who, { goalAmount: 100_000, fundingModel: 'keep_it_all', endsAt: isoIn(10, now) });
    const tag = randomUUID().slice(0, 8);
    const matcher = p.token(`matcher-${tag}`, 'funder', 'verifier');
    const fund = (
      await p.api
        .post('/funds')
        .set(bearer(matcher))
        .send({ name: 'Matching fund', currency: 'EUR', budgetAmount: 100_000, sourceTags: ['municipal'] })
        .expect(201)
    ).body;
    await p.api
      .post(`/funds/${fund.id}/rules`)
      .set(bearer(matcher))
      .send({ type: 'ratio', numerator: 1, denominator: 1, eligibility: { callIds: [callId] } })
      .expect(201);
    const backer = p.token(`backer-${tag}`, 'citizen', 'verifier');
    await pledge(p, backer, id, 10_000);
    await passDeadline(p, 11);
    const m = (await p.api.get(`/campaigns/${id}`).expect(200)).body.milestones[0];
    await p.api
      .post(`/campaigns/${id}/milestones/${m.id}/evidence`)
      .set(bearer(who.promoter))
      .send({ reportedValue: 100, description: 'r', documents: [] })
      .expect(201);

    const listed = async (token: string) =>
      ((await p.api.get('/verifications/queue').set(bearer(token)).expect(200)).body as { milestoneId: string }[]).some((x) => x.milestoneId === m.id);
    expect(await listed(who.verifier)).toBe(true);
    const parties = {
      promoter: p.token(who.promoterId, 'promoter', 'verifier'),
      callOwner: p.token(who.funderId, 'funder', 'verifier'),
      matchingFunder: matcher,
      backer,
    };
    for (const [role, token] of Object.entries(parties)) {
      expect([role, await listed(token)]).toEqual([role, false]);
      // ...and what the queue hides, the verdict refuses.
      await p.api.post(`/campaigns/${id}/milestones/${m.id}/verification`).set(bearer(token)).send({ verifiedValue: 100, approved: true }).expect(403);
    }
  });
});
