import { randomUUID } from 'node:crypto';
import { aCampaign, isoIn } from '../support/fixtures';
import { bearer, cast, passDeadline, pledge } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';
import { payoutAccount, releaseTranche, submitEvidence, verifyMilestone } from '../support/delivery';
import {
  addRule,
  aMilestone,
  approveCampaign,
  campaignOf,
  createFund,
  createPledge,
  draftCampaign,
  openCall,
  payPledge,
  ratioRule,
  refundPledge,
  submitCampaign,
} from '../support/scenario';

/**
 * Money fields are integers (JSON numbers) in every response of every service (issue 17 #12:
 * `POST /pledges` once answered `refundedAmount: "0"`, a bigint column come back as a string).
 * Walks the main POST and GET responses of campaigns, pledges, matching, payouts (ledger,
 * transparency) and the `me/*` pages through a whole campaign, and checks every field named like
 * money, at any depth.
 */
const MONEY =
  /(amount|raised|matched|available|reserved|committed|spent|returned|goal|budget|balance|pledged|held|due|released|refunded|crowd|grant|cofinancing|payable|share|total|sum|match|quote|cap)/i;
const NOT_MONEY = /(At|Id|Ids|Pct|Bps|Tags|Tag|currency|status|method|movement|reference|Rule|Name|title|summary|description)$/;

function moneyViolations(route: string, value: unknown, path = '', key = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => moneyViolations(route, v, `${path}[${i}]`, key));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => moneyViolations(route, v, path ? `${path}.${k}` : k, k));
  }
  if (!key || !MONEY.test(key) || NOT_MONEY.test(key) || value === null || value === undefined) return [];
  return typeof value === 'number' && Number.isSafeInteger(value) ? [] : [`${route} ${path} = ${JSON.stringify(value)}`];
}

describe('money fields are safe integers in every response', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
  });
  afterAll(() => p?.close());

  it('walks a campaign from call to paid tranche and finds no money field that is not a safe integer number', async () => {
    const who = cast(p);
    const now = p.clock.now().getTime();
    const seen: { route: string; body: unknown }[] = [];
    const checked = <T extends { body: unknown; req?: unknown }>(route: string, res: T) => {
      seen.push({ route, body: res.body });
      return res;
    };
    const admin = bearer(who.admin);

    const call = checked('POST /calls', await openCall(p, who.funder)).body;
    const fund = checked('POST /funds', await createFund(p, who.funder, { name: 'City match', budgetAmount: 500_000, sourceTags: ['municipal'] })).body;
    checked(
      'POST /funds/:id/top-ups',
      await p.api.post(`/funds/${fund.id}/top-ups`).set(bearer(who.funder)).set('Idempotency-Key', randomUUID()).send({ amount: 50_000 }).expect(200),
    );
    checked('POST /funds/:id/rules ratio', await addRule(p, who.funder, fund.id, ratioRule(call.id, { maxMatchPerDonorPerCampaign: 20_000 })));
    const grant = checked(
      'POST /funds (grant)',
      await createFund(p, who.funder, { name: 'Foundation grant', budgetAmount: 100_000, sourceTags: ['foundation'] }),
    ).body;
    const threshold = { type: 'threshold', thresholdBps: 5000, grantBpsOfGoal: 1000, eligibility: { callIds: [call.id] } };
    checked('POST /funds/:id/rules threshold', await addRule(p, who.funder, grant.id, threshold));
    const qf = checked('POST /funds (quadratic)', await createFund(p, who.funder, { name: 'Quadratic pool', budgetAmount: 30_000, sourceTags: ['ERDF'] })).body;
    const quadratic = { type: 'quadratic', roundStartsAt: isoIn(-1, now), roundEndsAt: isoIn(5, now), eligibility: { callIds: [call.id] } };
    const qRule = checked('POST /funds/:id/rules quadratic', await addRule(p, who.funder, qf.id, quadratic)).body;

    const campaign = aCampaign(call.id, {
      goalAmount: 100_000,
      fundingModel: 'keep_it_all',
      startsAt: isoIn(-1, now),
      endsAt: isoIn(10, now),
      cofinancingAmount: 10_000,
      upfrontSharePct: 40,
      milestones: [aMilestone(p, { indicator: 'households' })],
    });
    const id = checked('POST /campaigns', await draftCampaign(p, who.promoter, campaign)).body.id as string;
    checked('POST /campaigns/:id/submit', await submitCampaign(p, who.promoter, id));
    checked('POST /campaigns/:id/approve', await approveCampaign(p, who.funder, id));
    await p.drain();

    const ada = who.citizen('ada');
    const created = checked('POST /pledges', await createPledge(p, ada, id, 30_000)).body;
    checked('POST /pledges/:id/sandbox-confirm', await payPledge(p, ada, created.id));
    await pledge(p, who.citizen('bea'), id, 25_000);
    const cris = who.citizen('cris');
    const refundMe = await pledge(p, cris, id, 5_000);
    await p.drain();
    checked('POST /pledges/:id/refund', await refundPledge(p, who.admin, refundMe.id, 'donor asked'));
    await p.drain();

    const gets = async (token?: string) => {
      const auth = token ? bearer(token) : {};
      const routes = [
        '/calls',
        `/calls/${call.id}`,
        '/campaigns',
        `/campaigns/${id}`,
        `/campaigns/${id}/pledges`,
        `/campaigns/${id}/match`,
        `/campaigns/${id}/match-quote?amount=5000`,
        `/campaigns/${id}/tranches`,
        `/campaigns/${id}/updates`,
        `/ledger/campaigns/${id}`,
        '/transparency/export',
        `/rounds/${qRule.id}`,
      ];
      for (const route of routes) {
        const res = await p.api.get(route).set(auth);
        if (res.status !== 200) throw new Error(`GET ${route}: ${res.status} ${JSON.stringify(res.body)}`);
        checked(`GET ${route}${token ? '' : ' (anonymous)'}`, res);
      }
    };
    await gets();
    await gets(ada);
    for (const f of [fund, grant, qf]) checked('GET /funds/:id', await p.api.get(`/funds/${f.id}`).set(bearer(who.funder)).expect(200));
    checked('GET /funds', await p.api.get('/funds').set(bearer(who.funder)).expect(200));
    checked('GET /me/funds', await p.api.get('/me/funds').set(bearer(who.funder)).expect(200));
    checked('GET /me/pledges', await p.api.get('/me/pledges').set(bearer(ada)).expect(200));
    checked('GET /me/pledges (refunded)', await p.api.get('/me/pledges').set(bearer(cris)).expect(200));
    checked('GET /pledges/:id', await p.api.get(`/pledges/${created.id}`).set(bearer(ada)).expect(200));
    checked('GET /pledges/:id (refunded)', await p.api.get(`/pledges/${refundMe.id}`).set(bearer(cris)).expect(200));
    checked('GET /me/campaigns', await p.api.get('/me/campaigns').set(bearer(who.promoter)).expect(200));
    checked('GET /calls/:id/campaigns', await p.api.get(`/calls/${call.id}/campaigns`).set(bearer(who.funder)).expect(200));
    checked(
      'GET /payments/campaigns/:id/refunds',
      await p.api
        .get(`/payments/campaigns/${id}/refunds`)
        .set(admin)
        .expect((r) => expect(r.status).toBeLessThan(300)),
    );

    await passDeadline(p, 11);
    checked('GET /campaigns/:id (in delivery)', await p.api.get(`/campaigns/${id}`).expect(200));
    checked('GET /rounds/:ruleId (final)', await p.api.get(`/rounds/${qRule.id}`).expect(200));
    checked('POST /promoters/me/payout-account', await payoutAccount(p, who.promoter));
    const [upfront] = checked('GET /campaigns/:id/tranches (planned)', await p.api.get(`/campaigns/${id}/tranches`).expect(200)).body;
    checked('POST /tranches/:id/release', await releaseTranche(p, who.funder, upfront.id));
    await p.drain();
    const m = (await campaignOf(p, id)).milestones[0];
    checked('POST evidence', await submitEvidence(p, who.promoter, id, m.id, 100));
    checked('GET /verifications/queue', await p.api.get('/verifications/queue').set(bearer(who.verifier)).expect(200));
    checked('POST verification', await verifyMilestone(p, who.verifier, id, m.id, 100));
    await p.drain();
    for (const f of [fund, grant, qf]) {
      checked('GET /funds/:id (after release)', await p.api.get(`/funds/${f.id}`).set(bearer(who.funder)).expect(200));
      checked('GET /ledger/funds/:id', await p.api.get(`/ledger/funds/${f.id}`).expect(200));
    }
    checked('GET /campaigns/:id/tranches (released)', await p.api.get(`/campaigns/${id}/tranches`).expect(200));
    checked('GET /ledger/campaigns/:id (released)', await p.api.get(`/ledger/campaigns/${id}`).expect(200));
    checked('GET /transparency/export (released)', await p.api.get('/transparency/export').expect(200));
    checked('GET /ledger/audit', await p.api.get('/ledger/audit').set(admin).expect(200));
    checked('GET /me/pledges (after success)', await p.api.get('/me/pledges').set(bearer(ada)).expect(200));
    checked('GET /pledges/:id/receipt', await p.api.get(`/pledges/${created.id}/receipt`).set(bearer(ada)).expect(200));

    // The walk did see money: a check that found nothing to check would prove nothing.
    const moneyFields = seen.flatMap(({ route, body }) =>
      moneyViolations(route, JSON.parse(JSON.stringify(body, (_k, v) => (typeof v === 'number' ? `n${v}` : v)))),
    );
    expect(moneyFields.length).toBeGreaterThan(100);
    expect(seen.flatMap(({ route, body }) => moneyViolations(route, body))).toEqual([]);
  });
});
