import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService } from '@nestjs/core';
import { Access, ACCESS_KEY, Role, ROLES } from '@lib/platform';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { WEB_DIST } from '../../apps/embedded/src/web-app.module';
import { aCall, aCampaign, isoIn } from '../support/fixtures';
import { bearer, cast, Cast, pledge } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';

interface Route {
  method: string;
  path: string;
  access: Access | undefined;
}

/** Every route of every service, read from Nest's own metadata (nothing listed by hand). */
function routes(p: TestPlatform): Route[] {
  const found: Route[] = [];
  const apps = p.mode === 'embedded' ? [p.app('campaigns')] : (['campaigns', 'pledges', 'matching', 'payouts'] as const).map((s) => p.app(s));
  for (const app of apps) {
    for (const wrapper of app.get(DiscoveryService).getControllers()) {
      const type = wrapper.metatype as (new (...args: never[]) => object) | undefined;
      if (!type) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, type) ?? '');
      for (const name of Object.getOwnPropertyNames(type.prototype).filter((n) => n !== 'constructor')) {
        const handler = type.prototype[name as keyof object] as unknown;
        if (typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const path = `/${[base, String(Reflect.getMetadata(PATH_METADATA, handler))].filter((s) => s && s !== '/').join('/')}`.replace(/\/+/g, '/');
        const access = (Reflect.getMetadata(ACCESS_KEY, handler) ?? Reflect.getMetadata(ACCESS_KEY, type)) as Access | undefined;
        found.push({ method, path, access });
      }
    }
  }
  return found.filter((r, i) => found.findIndex((x) => x.method === r.method && x.path === r.path) === i);
}

const concrete = (path: string) => path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
const expectedFor = (access: Access, role: Role | null): 'allowed' | 401 | 403 => {
  if (access.kind === 'public') return 'allowed';
  if (role === null) return 401;
  if (access.kind === 'authenticated') return 'allowed';
  return access.roles.includes(role) ? 'allowed' : 403;
};

/**
 * The authorization matrix, generated: every endpoint called as nobody and as each role, with the
 * expected allow/deny from its declared access; every allowed role then acts on real resources it
 * owns. Ownership refusals (the wrong promoter or funder) are checked by the feature suites.
 */
describe('authorization matrix (every endpoint × every role)', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
  });
  afterAll(() => p?.close());

  it('has an access rule on every endpoint, and refuses every role it does not allow', async () => {
    const all = routes(p);
    expect(all.length).toBeGreaterThan(35);
    expect(all.filter((r) => !r.access).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    const mismatches: string[] = [];
    for (const route of all) {
      for (const role of [null, ...ROLES] as (Role | null)[]) {
        const expected = expectedFor(route.access!, role);
        if (expected === 'allowed') continue; // shown below, on real resources
        const verb = route.method.toLowerCase() as 'get' | 'post';
        const req = p.api[verb](concrete(route.path)).set('Content-Type', 'application/json');
        const res = await (role ? req.set(bearer(p.token(`matrix-${role}`, role))) : req).send(route.method === 'GET' ? undefined : {});
        if (res.status !== expected)
          mismatches.push(`${route.method} ${route.path} as ${role ?? 'nobody'}: expected ${expected}, got ${res.status} ${res.body?.code ?? ''}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  /**
   * Every role an endpoint allows can act: on real resources it owns (the call's funder, the
   * campaign's promoter, the pledge's donor, an independent verifier, an admin) with a valid body,
   * each allowed caller gets a 2xx. Each call that changes state gets a fresh resource. Every
   * endpoint must have its case here, so a new endpoint cannot go unshown.
   */
  it('lets every allowed role act on real resources (a 2xx for each)', async () => {
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

    type Case = (role: Role | null) => Promise<{ status: number; body: { code?: string }; text?: string }>;
    const get =
      (path: string): Case =>
      (role) =>
        api('get', path, role);
    const fresh =
      <T>(make: () => Promise<T>, act: (x: T, role: Role | null) => Promise<{ status: number; body: { code?: string } }>): Case =>
      async (role) =>
        act(await make(), role);
    const next = (list: string[]) => () => Promise.resolve(list.shift()!);
    const cases: Record<string, Case> = {
      'GET /health': get('/health'),
      'GET /metrics': get('/metrics'),
      'GET /auth/config': get('/auth/config'),
      'POST /auth/dev-token': (role) => api('post', '/auth/dev-token', role, { sub: `matrix-${randomUUID().slice(0, 8)}`, roles: ['citizen'] }),
      'GET /calls': get('/calls'),
      'GET /calls/:id': get(`/calls/${call.id}`),
      'POST /calls': (role) => api('post', '/calls', role, aCall({ opensAt: isoIn(-1, now()), closesAt: isoIn(90, now()) })),
      'GET /calls/:id/campaigns': get(`/calls/${call.id}/campaigns`),
      'GET /campaigns': get('/campaigns'),
      'GET /campaigns/:id': get(`/campaigns/${shared}`),
      'POST /campaigns': (role) => api('post', '/campaigns', role, aCampaign(call.id, { startsAt: isoIn(-1, now()), endsAt: isoIn(60, now()) })),
      'POST /campaigns/:id/submit': fresh(
        () => draft(),
        (id, role) => api('post', `/campaigns/${id}/submit`, role),
      ),
      'POST /campaigns/:id/approve': fresh(
        () => submitted(),
        (id, role) => api('post', `/campaigns/${id}/approve`, role),
      ),
      'POST /campaigns/:id/reject': fresh(
        () => submitted(),
        (id, role) => api('post', `/campaigns/${id}/reject`, role, { reason: 'The budget is not itemised' }),
      ),
      'POST /campaigns/:id/cancel': fresh(
        () => draft(),
        (id, role) => api('post', `/campaigns/${id}/cancel`, role, { reason: 'withdrawn' }),
      ),
      'POST /campaigns/:id/updates': (role) => api('post', `/campaigns/${shared}/updates`, role, { title: 'News', body: 'More news' }),
      'GET /campaigns/:id/updates': get(`/campaigns/${shared}/updates`),
      'POST /campaigns/:id/milestones/:milestoneId/evidence': async (role) =>
        api('post', `/campaigns/${evidenceFor}/milestones/${await milestone(evidenceFor)}/evidence`, role, {
          reportedValue: 50,
          description: 'half way',
          documents: [],
        }),
      'POST /campaigns/:id/milestones/:milestoneId/verification': async (role) =>
        api('post', `/campaigns/${verifyMe}/milestones/${await milestone(verifyMe)}/verification`, role, { verifiedValue: 100, approved: true }),
      'GET /me/campaigns': get('/me/campaigns'),
      'GET /verifications/queue': get('/verifications/queue'),
      'GET /campaigns/:id/match': get(`/campaigns/${shared}/match`),
      'GET /campaigns/:id/match-quote': get(`/campaigns/${shared}/match-quote?amount=5000`),
      'GET /campaigns/:id/pledges': get(`/campaigns/${shared}/pledges`),
      'GET /campaigns/:id/tranches': get(`/campaigns/${trancheCampaigns[2]}/tranches`),
      'GET /rounds/:ruleId': get(`/rounds/${round.id}`),
      'GET /funds': get('/funds'),
      'GET /funds/:id': get(`/funds/${fund.id}`),
      'GET /me/funds': get('/me/funds'),
      'POST /funds': (role) => api('post', '/funds', role, { name: 'Another fund', currency: 'EUR', budgetAmount: 1_000, sourceTags: ['city'] }),
      'POST /funds/:id/top-ups': (role) => api('post', `/funds/${fund.id}/top-ups`, role, { amount: 1_000 }),
      'POST /funds/:id/rules': (role) =>
        api('post', `/funds/${fund.id}/rules`, role, { type: 'ratio', numerator: 1, denominator: 2, eligibility: { callIds: [call.id] } }),
      'POST /funds/:id/close': fresh(
        async () =>
          (await ok(await api('post', '/funds', 'funder', { name: 'Fund to close', currency: 'EUR', budgetAmount: 1_000, sourceTags: ['city'] }), 'fund'))
            .id as string,
        (id, role) => api('post', `/funds/${id}/close`, role),
      ),
      'POST /pledges': (role) => api('post', '/pledges', role, { campaignId: shared, amount: 1_000, currency: 'EUR' }),
      'POST /pledges/:id/sandbox-confirm': fresh(
        () => unpaid(shared),
        (id, role) => api('post', `/pledges/${id}/sandbox-confirm`, role, { cardNumber: '4242424242424242' }),
      ),
      'GET /pledges/:id': get(`/pledges/${sharedPledge.id}`),
      'GET /pledges/:id/receipt': get(`/pledges/${sharedPledge.id}/receipt`),
      'GET /me/pledges': get('/me/pledges'),
      'POST /pledges/:id/refund': fresh(
        async () => (await paid(shared)).id,
        (id, role) => api('post', `/pledges/${id}/refund`, role, { reason: 'asked' }),
      ),
      'GET /payments/campaigns/:id/refunds': get(`/payments/campaigns/${shared}/refunds`),
      'POST /tranches/:id/release': fresh(next(eligible), (id, role) => api('post', `/tranches/${id}/release`, role)),
      'POST /tranches/:id/confirm-payment': fresh(next(released), (id, role) =>
        api('post', `/tranches/${id}/confirm-payment`, role, { bankReference: `TRN ${id.slice(0, 6)}` }),
      ),
      'POST /promoters/me/payout-account': (role) =>
        api('post', '/promoters/me/payout-account', role, { method: 'external', iban: 'IT60 X054 2811 1010 0000 0123 456', accountHolder: 'APS Matrix' }),
      'GET /ledger/campaigns/:id': get(`/ledger/campaigns/${trancheCampaigns[2]}`),
      'GET /ledger/funds/:id': get(`/ledger/funds/${fund.id}`),
      'GET /transparency/export': get('/transparency/export?format=json'),
      'GET /ledger/audit': get('/ledger/audit'),
      'GET /audit/platform': get('/audit/platform'),
      'GET /audit/campaigns/figures': get('/audit/campaigns/figures'),
      'GET /audit/pledges/figures': get('/audit/pledges/figures'),
      'GET /audit/matching/figures': get('/audit/matching/figures'),
      'GET /audit/payouts/figures': get('/audit/payouts/figures'),
      'GET /audit/campaigns': get('/audit/campaigns'),
      'GET /audit/pledges': get('/audit/pledges'),
      'GET /audit/matching': get('/audit/matching'),
      'GET /audit/payouts': get('/audit/payouts'),
      // the web app (embedded mode): served when built; not built yet (npm test before npm start), the handler says so
      'GET /': async (role) => {
        const res = await api('get', '/', role);
        return res.status === 404 && /not built/.test(res.text) ? { status: 200, body: {} } : res;
      },
      'GET /assets/:file': async (role) => {
        const dir = join(WEB_DIST, 'assets');
        const file = existsSync(dir) ? readdirSync(dir).find((f) => /\.(js|css)$/.test(f)) : undefined;
        if (file) return api('get', `/assets/${file}`, role);
        const res = await api('get', '/assets/index.js', role);
        return res.status === 404 && !existsSync(dir) ? { status: 200, body: {} } : res;
      },
      // Stripe's webhooks are Stripe's (tests/stripe sends signed ones): here the handler answers with its own code —
      // the sandbox provider has none (404 STRIPE_WEBHOOKS_DISABLED), Stripe checks the signature (400 STRIPE_SIGNATURE_INVALID)
      'POST /payments/stripe/webhook': async (role) => {
        const res = await api('post', '/payments/stripe/webhook', role, { id: 'evt_matrix', type: 'ping' });
        return [400, 404].includes(res.status) && ['STRIPE_WEBHOOKS_DISABLED', 'STRIPE_SIGNATURE_INVALID'].includes(res.body.code ?? '')
          ? { status: 200, body: {} }
          : res;
      },
    };
    const all = routes(p);
    expect(all.map((r) => `${r.method} ${r.path}`).filter((k) => !cases[k])).toEqual([]); // every endpoint has its case
    const failures: string[] = [];
    for (const route of all) {
      for (const role of [null, ...ROLES] as (Role | null)[]) {
        if (expectedFor(route.access!, role) !== 'allowed') continue;
        const res = await cases[`${route.method} ${route.path}`](role);
        if (res.status < 200 || res.status >= 300) failures.push(`${route.method} ${route.path} as ${role ?? 'nobody'}: ${res.status} ${res.body?.code ?? ''}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
