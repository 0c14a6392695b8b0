import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Role } from '@lib/platform';
import { WEB_DIST } from '../../apps/embedded/src/web-app.module';
import { aCall, aCampaign, isoIn } from './fixtures';
import type { MatrixResources } from './matrix-resources';

export type Case = (role: Role | null) => Promise<{ status: number; body: { code?: string }; text?: string }>;

/**
 * One case per endpoint of the authorization matrix (tests/e2e/authorization-matrix.e2e-spec.ts): how
 * each allowed role calls it on the resources it owns with a valid body (a 2xx expected). Each call that
 * changes state gets a fresh resource.
 */
export function matrixCases(m: MatrixResources): Record<string, Case> {
  const {
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
  } = m;
  const get =
    (path: string): Case =>
    (role) =>
      api('get', path, role);
  const fresh =
    <T>(make: () => Promise<T>, act: (x: T, role: Role | null) => Promise<{ status: number; body: { code?: string } }>): Case =>
    async (role) =>
      act(await make(), role);
  const next = (list: string[]) => () => Promise.resolve(list.shift()!);
  return {
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
}
