import { randomUUID } from 'node:crypto';
import type request from 'supertest';
import { aCall, aCampaign, aMilestoneFrom, isoIn } from './fixtures';
import { bearer, Cast, publishCampaign } from './flows';
import type { TestPlatform } from './harness';

/**
 * The steps suites build their scenarios from: each is one request of the public API, sent as a
 * client sends it, expecting its success status. A step returns the supertest request: await it for
 * the response (`.body` is what the API answered), so suites that check the answers themselves
 * (openapi-responses, money-types) take the same steps as the others.
 */
export type Answer = request.Response['body'];
export type Fields = Record<string, unknown>;

/** An ISO date `days` from the platform clock's now (which `passDeadline` moves). */
export const daysFromNow = (p: TestPlatform, days: number) => isoIn(days, p.clock.now().getTime());

/** GET `path`, as `token` if given, expecting 200: the body. */
export async function read(p: TestPlatform, path: string, token?: string): Promise<Answer> {
  const get = p.api.get(path);
  if (token) get.set(bearer(token));
  return (await get.expect(200)).body;
}

export const campaignOf = (p: TestPlatform, id: string) => read(p, `/campaigns/${id}`);
export const statusOf = async (p: TestPlatform, id: string): Promise<string> => (await campaignOf(p, id)).status;
export const tranchesOf = (p: TestPlatform, id: string) => read(p, `/campaigns/${id}/tranches`);
export const fundOf = (p: TestPlatform, id: string) => read(p, `/funds/${id}`);
/** GET /ledger/audit as an admin. */
export const ledgerAudit = (p: TestPlatform, admin: string) => read(p, '/ledger/audit', admin);

// ---- calls and funds

/** POST /calls: a call open since yesterday for 90 days (fixtures' aCall), with `overrides`. */
export const openCall = (p: TestPlatform, funder: string, overrides: Fields = {}) =>
  p.api
    .post('/calls')
    .set(bearer(funder))
    .send(aCall({ opensAt: daysFromNow(p, -1), closesAt: daysFromNow(p, 90), ...overrides }))
    .expect(201);

/** POST /funds in EUR: `fund` names the rest (name, budgetAmount, sourceTags or sourceShares). */
export const createFund = (p: TestPlatform, funder: string, fund: Fields) =>
  p.api
    .post('/funds')
    .set(bearer(funder))
    .send({ currency: 'EUR', ...fund })
    .expect(201);

/** POST /funds/:id/rules. */
export const addRule = (p: TestPlatform, funder: string, fundId: string, rule: Fields) =>
  p.api.post(`/funds/${fundId}/rules`).set(bearer(funder)).send(rule).expect(201);

/** A 1:1 ratio rule for the campaigns of `callId`; `extra` sets its caps or another ratio. */
export const ratioRule = (callId: string, extra: Fields = {}) => ({
  type: 'ratio',
  numerator: 1,
  denominator: 1,
  ...extra,
  eligibility: { callIds: [callId] },
});

/** One declared source of a fund's money, as POST /funds takes it in `sourceShares`. */
export const sourceShare = (source: string, shareBps: unknown) => ({ source, shareBps });

/** A fund (createFund) and its one rule: the fund as created. */
export async function fundWithRule(p: TestPlatform, funder: string, fund: Fields, rule: Fields): Promise<Answer> {
  const created = (await createFund(p, funder, fund)).body;
  await addRule(p, funder, created.id, rule);
  return created;
}

// ---- campaigns

/** A milestone as fixtures' aCampaign has it (100 households served by day 120, 60 %, binary), due by the platform clock; with `overrides`. */
export const aMilestone = (p: TestPlatform, overrides: Fields = {}) => aMilestoneFrom(p.clock.now().getTime(), overrides);

/**
 * A campaign body (fixtures' aCampaign) for the delivery scenarios: 100,000 all-or-nothing,
 * 10,000 co-financing, 30 % upfront, ending in 10 days, two milestones — 150 households served
 * (40 %, paid by `firstRule`; proportional pays from 50 %) by day 60 and 20 volunteers trained
 * (30 %, binary) by day 70.
 */
export function deliveryCampaign(p: TestPlatform, callId: string, firstRule: 'proportional' | 'binary', overrides: Fields = {}) {
  const proportional = firstRule === 'proportional' ? { minAchievementPct: 50 } : {};
  const milestones = [
    {
      title: 'Households served',
      indicator: 'households',
      unit: 'households',
      baseline: 0,
      target: 150,
      dueAt: daysFromNow(p, 60),
      payoutSharePct: 40,
      paymentRule: firstRule,
      ...proportional,
    },
    {
      title: 'Volunteers trained',
      indicator: 'volunteers',
      unit: 'people',
      baseline: 0,
      target: 20,
      dueAt: daysFromNow(p, 70),
      payoutSharePct: 30,
      paymentRule: 'binary',
    },
  ];
  const timing = { startsAt: daysFromNow(p, -1), endsAt: daysFromNow(p, 10) };
  return aCampaign(callId, { goalAmount: 100_000, cofinancingAmount: 10_000, upfrontSharePct: 30, ...timing, milestones, ...overrides });
}

/** POST /campaigns: a draft of `body`. */
export const draftCampaign = (p: TestPlatform, promoter: string, body: Fields) => p.api.post('/campaigns').set(bearer(promoter)).send(body).expect(201);
/** POST /campaigns/:id/submit, without a body. */
export const submitCampaign = (p: TestPlatform, promoter: string, id: string) => p.api.post(`/campaigns/${id}/submit`).set(bearer(promoter)).expect(200);
/** POST /campaigns/:id/approve, without a body. */
export const approveCampaign = (p: TestPlatform, funder: string, id: string) => p.api.post(`/campaigns/${id}/approve`).set(bearer(funder)).expect(200);

/** A draft of `body` by `promoter`, submitted, approved by `funder` (not drained): its id. */
export async function approvedCampaign(p: TestPlatform, promoter: string, funder: string, body: Fields): Promise<string> {
  const { id } = (await draftCampaign(p, promoter, body)).body;
  await submitCampaign(p, promoter, id);
  await approveCampaign(p, funder, id);
  return id;
}

/** publishCampaign: a keep-it-all campaign of 100,000 ending in 10 days, with `overrides`; drained. */
export const keepItAll = (p: TestPlatform, who: Cast, overrides: Fields = {}) =>
  publishCampaign(p, who, { goalAmount: 100_000, fundingModel: 'keep_it_all', endsAt: daysFromNow(p, 10), ...overrides });

// ---- pledges

/** POST /pledges/:id/refund by an admin. */
export const refundPledge = (p: TestPlatform, admin: string, pledgeId: string, reason: string) =>
  p.api.post(`/pledges/${pledgeId}/refund`).set(bearer(admin)).send({ reason }).expect(200);

/** POST /pledges with a fresh Idempotency-Key, in EUR (not paid yet). */
export const createPledge = (p: TestPlatform, citizen: string, campaignId: string, amount: number, extra: Fields = {}) =>
  p.api
    .post('/pledges')
    .set(bearer(citizen))
    .set('Idempotency-Key', randomUUID())
    .send({ campaignId, amount, currency: 'EUR', ...extra })
    .expect(201);

/** POST /pledges/:id/sandbox-confirm with a card that pays. */
export const payPledge = (p: TestPlatform, citizen: string, pledgeId: string) =>
  p.api.post(`/pledges/${pledgeId}/sandbox-confirm`).set(bearer(citizen)).send({ cardNumber: '4242424242424242' }).expect(200);
