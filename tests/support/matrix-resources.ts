import { randomUUID } from 'node:crypto';
import type { Role } from '@lib/platform';
import { aCall, aCampaign, isoIn } from './fixtures';
import { bearer, cast, Cast, pledge } from './flows';
import type { TestPlatform } from './harness';

/**
 * The real resources the authorization matrix acts on (tests/e2e/authorization-matrix.e2e-spec.ts): the
 * call's funder, the campaign's promoter, the pledge's donor, an independent verifier and an admin, each
 * with what it owns — a call, a fund with a ratio rule and a quadratic round, live and delivering
 * campaigns, pledges, eligible and released tranches — and the helpers that make fresh ones.
 */
export async function matrixResources(p: TestPlatform) {
  const DAY = 86_400_000;
  const who: Cast = cast(p);
  const owner = (role: Role | null): string | undefined =>
    role === null ? undefined : { funder: who.funder, promoter: who.promoter, verifier: who.verifier, admin: who.admin, citizen: who.citizen('donor') }[role];
  const api = (method: 'get' | 'post', path: string, role: Role | null, body?: unknown) => {
    const req = p.api[method](path).set('Content-Type', 'application/json');
    const token = owner(role);
    return (token ? req.set(bearer(token)) : req).send(body as object);
  };
  const ok = async (res: { status: number; body: { id?: string } }, what: string) => {
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const now = () => p.clock.now().getTime();
  const call = await ok(await api('post', '/calls', 'funder', aCall({ opensAt: isoIn(-1, now()), closesAt: isoIn(400, now()) })), 'call');
  const fund = await ok(
    await api('post', '/funds', 'funder', { name: 'Matrix fund', currency: 'EUR', budgetAmount: 10_000_000, sourceTags: ['municipal'] }),
    'fund',
  );
  await ok(
    await api('post', `/funds/${fund.id}/rules`, 'funder', { type: 'ratio', numerator: 1, denominator: 1, eligibility: { callIds: [call.id] } }),
    'rule',
  );
  const round = await ok(
    await api('post', `/funds/${fund.id}/rules`, 'funder', {
      type: 'quadratic',
      roundStartsAt: isoIn(-1, now()),
      roundEndsAt: isoIn(300, now()),
      eligibility: { callIds: [call.id] },
    }),
    'round',
  );
  const draft = async (overrides: Record<string, unknown> = {}, promoter: Role = 'promoter') =>
    (
      await ok(
        await api(
          'post',
          '/campaigns',
          promoter,
          aCampaign(call.id, {
            startsAt: isoIn(-1, now()),
            endsAt: isoIn(60, now()),
            milestones: [
              {
                title: 'Desk open',
                indicator: 'households',
                unit: 'households',
                baseline: 0,
                target: 100,
                dueAt: isoIn(200, now()),
                payoutSharePct: 60,
                paymentRule: 'binary',
              },
            ],
            ...overrides,
          }),
        ),
        'draft',
      )
    ).id as string;
  const submitted = async (overrides: Record<string, unknown> = {}) => {
    const id = await draft(overrides);
    await ok(await api('post', `/campaigns/${id}/submit`, 'promoter'), 'submit');
    return id;
  };
  const live = async (overrides: Record<string, unknown> = {}) => {
    const id = await submitted(overrides);
    await ok(await api('post', `/campaigns/${id}/approve`, 'funder'), 'approve');
    await p.drain();
    return id;
  };
  const paid = async (campaignId: string) => pledge(p, who.citizen('donor'), campaignId, 10_000);
  const unpaid = async (campaignId: string) =>
    (
      await ok(
        await p.api
          .post('/pledges')
          .set(bearer(who.citizen('donor')))
          .set('Idempotency-Key', randomUUID())
          .send({ campaignId, amount: 2_000, currency: 'EUR' }),
        'pledge',
      )
    ).id as string;
  const milestone = async (campaignId: string) => (await p.api.get(`/campaigns/${campaignId}`).expect(200)).body.milestones[0].id as string;
  /** A campaign that succeeded, with its upfront tranche eligible (the whole crowd, no milestone). */
  const withTranche = async () => {
    const id = await live({ goalAmount: 100_000, fundingModel: 'keep_it_all', upfrontSharePct: 100, milestones: [], endsAt: isoIn(5, now()) });
    await paid(id);
    return id;
  };

  // Shared resources for reads; the tranches need their campaigns' deadline to pass first.
  await ok(
    await api('post', '/promoters/me/payout-account', 'promoter', {
      method: 'external',
      iban: 'IT60 X054 2811 1010 0000 0123 456',
      accountHolder: 'APS Matrix',
    }),
    'payout account',
  );
  const trancheCampaigns = await Promise.all([withTranche(), withTranche(), withTranche(), withTranche()]);
  const shared = await live();
  const sharedPledge = await paid(shared);
  await ok(await api('post', `/campaigns/${shared}/updates`, 'promoter', { title: 'Open', body: 'We are open' }), 'update');
  // evidence and verdicts are for campaigns in delivery: a keep-it-all campaign that closes with its pledge
  const delivering = async () => {
    const id = await live({ goalAmount: 100_000, fundingModel: 'keep_it_all', endsAt: isoIn(5, now()) });
    await paid(id);
    return id;
  };
  const [verifyMe, evidenceFor] = [await delivering(), await delivering()];
  p.clock.advance(6 * DAY);
  await p.tick();
  await ok(
    await api('post', `/campaigns/${verifyMe}/milestones/${await milestone(verifyMe)}/evidence`, 'promoter', {
      reportedValue: 100,
      description: 'done',
      documents: [],
    }),
    'evidence',
  );
  const tranche = async (campaignId: string) => (await p.api.get(`/campaigns/${campaignId}/tranches`).expect(200)).body[0].id as string;
  const eligible = [await tranche(trancheCampaigns[0]), await tranche(trancheCampaigns[1])];
  const released: string[] = [];
  for (const c of trancheCampaigns.slice(2)) {
    const t = await tranche(c);
    await ok(await api('post', `/tranches/${t}/release`, 'admin'), 'release');
    released.push(t);
  }
  await p.drain();
  return {
    api,
    ok,
    now,
    call,
    fund,
    round,
    draft,
    submitted,
    paid,
    unpaid,
    milestone,
    trancheCampaigns,
    shared,
    sharedPledge,
    verifyMe,
    evidenceFor,
    eligible,
    released,
  };
}

export type MatrixResources = Awaited<ReturnType<typeof matrixResources>>;
