import { randomUUID } from 'node:crypto';
import { getTransactionHostToken, TransactionHost } from '@nestjs-cls/transactional';
import { Payouts } from '../../apps/payouts/src/payments/tranche-payout';
import { PAYOUT_GATEWAY, PayoutGateway } from '../../apps/payouts/src/payments/payout-gateway';
import { bearer, cast, Cast, passDeadline, pledge } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';
import { payoutAccount, releaseTranche, settleMilestone, submitEvidence } from '../support/delivery';
import { campaignOf, fundWithRule, keepItAll, ratioRule, read, statusOf, tranchesOf } from '../support/scenario';

/**
 * Issue 17, paths no other suite walked (campaign-edges.validation.e2e-spec.ts has the rest): a
 * crowd-only tranche only an admin could release (#20), a campaign completed before its tranches were
 * paid (#18), the transfer and its retry, the verifiers' queue and their independence.
 */
describe('campaign edges', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
  });
  afterAll(() => p?.close());

  /** A keep-it-all campaign of 100,000 (40 % upfront, one milestone), one pledge of 10,000, past its deadline: in delivery. */
  async function inDelivery(who: Cast): Promise<string> {
    const { id } = await keepItAll(p, who, { upfrontSharePct: 40 });
    await pledge(p, who.citizen('ada'), id, 10_000);
    await passDeadline(p, 11);
    return id;
  }

  it('#20 the funder owning the call may release a crowd-only tranche; another funder may not', async () => {
    const who = cast(p);
    const id = await inDelivery(who);
    const [upfront] = await tranchesOf(p, id);
    expect(upfront).toMatchObject({ kind: 'upfront', amount: 4_000, matchShares: [], status: 'eligible' });
    const other = cast(p);
    await p.api.post(`/tranches/${upfront.id}/release`).set(bearer(who.funder)).send({ amount: 1 }).expect(400); // no body here
    const refused = await p.api.post(`/tranches/${upfront.id}/release`).set(bearer(other.funder)).expect(403);
    expect(refused.body).toMatchObject({ code: 'FORBIDDEN' });
    expect((await tranchesOf(p, id))[0].status).toBe('eligible');
    const released = await releaseTranche(p, who.funder, upfront.id);
    expect(['released', 'paid']).toContain(released.body.status);
  });

  it('#18 a campaign is completed only once every tranche is paid or forfeited', async () => {
    const who = cast(p);
    const id = await inDelivery(who);
    const status = () => statusOf(p, id);
    await settleMilestone(p, who, id, 0, { reported: 100 });
    await p.tick();
    const tranches = async () => (await tranchesOf(p, id)) as { id: string; status: string }[];
    expect((await tranches()).map((t) => t.status)).toEqual(['eligible', 'eligible']);
    expect(await status()).toBe('in_delivery'); // every milestone decided, no tranche paid

    await payoutAccount(p, who.promoter);
    const [upfront, last] = await tranches();
    await releaseTranche(p, who.admin, upfront.id);
    await p.tick();
    expect(await status()).toBe('in_delivery'); // one tranche still eligible
    await releaseTranche(p, who.admin, last.id);
    await p.tick();
    expect((await tranches()).map((t) => t.status)).toEqual(['paid', 'paid']);
    expect(await status()).toBe('completed');
  });

  it('#18 a campaign whose only milestone fails completes once the forfeited tranche and the paid upfront settle it', async () => {
    const who = cast(p);
    const id = await inDelivery(who);
    await settleMilestone(p, who, id, 0, { reported: 10, approved: false });
    await p.tick();
    const list = (await tranchesOf(p, id)) as { id: string; status: string }[];
    expect(list.map((t) => t.status)).toEqual(['eligible', 'forfeited']);
    expect(await statusOf(p, id)).toBe('in_delivery');
    await payoutAccount(p, who.promoter);
    await releaseTranche(p, who.funder, list[0].id);
    await p.tick();
    expect(await campaignOf(p, id)).toMatchObject({ status: 'completed' });
  });

  it('calls the transfer after the release committed, outside any transaction; the retry job pays a release whose process died before its transfer', async () => {
    const who = cast(p);
    const id = await inDelivery(who);
    await payoutAccount(p, who.promoter);
    const [upfront] = await tranchesOf(p, id);

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
      const released = await releaseTranche(p, who.funder, upfront.id);
      expect(released.body).toMatchObject({ id: upfront.id, status: 'paid' });
      expect(calls).toEqual([{ inTransaction: false, trancheId: upfront.id }]);

      // The process dies right after the release's commit, before its transfer (the post-commit payout never runs).
      await settleMilestone(p, who, id, 0, { reported: 100 });
      await p.drain();
      const last = (await tranchesOf(p, id))[1];
      expect(last.status).toBe('eligible');
      const payouts = app.get(Payouts);
      const pay = payouts.pay;
      payouts.pay = async () => {
        throw new Error('SIGKILL between commit and transfer');
      };
      try {
        const r = await releaseTranche(p, who.funder, last.id);
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
      expect((await tranchesOf(p, id)).map((t: { status: string }) => t.status)).toEqual(['paid', 'paid']);
      await p.tick();
      expect(calls).toHaveLength(2); // paid once
      expect(await statusOf(p, id)).toBe('completed');
    } finally {
      gateway.transfer = original;
    }
  });

  it('lists in GET /verifications/queue only the milestones the caller may verify (independence)', async () => {
    const who = cast(p);
    const { id, callId } = await keepItAll(p, who);
    const tag = randomUUID().slice(0, 8);
    const matcher = p.token(`matcher-${tag}`, 'funder', 'verifier');
    await fundWithRule(p, matcher, { name: 'Matching fund', budgetAmount: 100_000, sourceTags: ['municipal'] }, ratioRule(callId));
    const backer = p.token(`backer-${tag}`, 'citizen', 'verifier');
    await pledge(p, backer, id, 10_000);
    await passDeadline(p, 11);
    const m = (await campaignOf(p, id)).milestones[0];
    await submitEvidence(p, who.promoter, id, m.id, 100);

    const listed = async (token: string) => ((await read(p, '/verifications/queue', token)) as { milestoneId: string }[]).some((x) => x.milestoneId === m.id);
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
