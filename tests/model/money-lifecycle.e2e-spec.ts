import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { PlatformFigures, reconcile } from '@lib/ledger';
import { aCall, isoIn } from '../support/fixtures';
import { bearer } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';
import type { ServiceName } from '@lib/platform';

/**
 * The model-based test of the whole money lifecycle (tests/model/README.md, docs/audit.md).
 * fast-check generates sequences of public operations by every role — funds with ratio, threshold
 * and quadratic rules, top-ups and closes; drafts, submissions, approvals, rejections,
 * cancellations; pledges paid, declined and refunded (before and after success); deadlines passing;
 * evidence and verifications; releases — including operations that must be refused — and topics
 * that lag behind the others for a few steps (events of different topics in another order). After every
 * step (drained): no 5xx; a refused operation changed no figure of any service; the platform audit
 * (the same `reconcile` GET /audit/platform runs) has no finding, which includes the ledger audit,
 * fund identities, caps and negative balances. At the end of each sequence everything is settled
 * and every fund cent must be available, spent or returned, every escrow empty.
 *
 * MODEL_RUNS (sequences, default 6; 2 in distributed mode), MODEL_STEPS (max commands per sequence, default 25),
 * MODEL_TIME_LIMIT_S (stop a long run after that many seconds, passing if nothing failed),
 * MODEL_SEED / MODEL_PATH (replay a failure as fast-check prints it), MODEL_SHRINK=0 (stop at the
 * first failure), MODEL_KNOWN_DEFECTS=refund-after-success,lag (do not generate those operations).
 */
const RUNS = Number(process.env.MODEL_RUNS ?? (process.env.TEST_MODE === 'distributed' ? 2 : 12));
const STEPS = Number(process.env.MODEL_STEPS ?? 30);
// Fixed by default (npm test and CI are deterministic); `npm run test:model` picks a fresh one per run.
const SEED = process.env.MODEL_SEED === undefined ? 20261202 : Number(process.env.MODEL_SEED);
const PATH = process.env.MODEL_PATH;
const SHRINK = process.env.MODEL_SHRINK !== '0';
const TIME_LIMIT_S = Number(process.env.MODEL_TIME_LIMIT_S ?? 0);
const SKIP = new Set((process.env.MODEL_KNOWN_DEFECTS ?? '').split(',').filter(Boolean));
const DAY = 24 * 3600 * 1000;
const PLATFORM_ENV = { MILESTONE_GRACE_DAYS: '10' };

interface Actor {
  id: string;
  token: string;
}
interface FundRef {
  id: string;
  owner: number;
  closed: boolean;
  rule: string;
}
interface CampaignRef {
  id: string;
  promoter: number;
  milestones: string[];
  /** its goal is above the call's maximum: a draft may hold it, approval refuses it */
  ineligible: boolean;
}
interface PledgeRef {
  id: string;
  campaign: number;
  donor: number;
}
/** What the model knows: the ids created and who owns them; derived states are read when needed. */
interface Model {
  funds: FundRef[];
  campaigns: CampaignRef[];
  pledges: PledgeRef[];
}
interface World {
  p: TestPlatform;
  admin: Actor;
  funders: Actor[];
  promoters: Actor[];
  citizens: Actor[];
  verifier: Actor;
  callId: string;
  callClosesAt: number;
  log: string[];
  /** Topics held back from one service (Lag): released after `steps` more steps. */
  lags: { name: string; service: string; steps: number; release: () => Promise<void> }[];
}

const stats = { sequences: 0, steps: 0, refused: 0, accepted: 0, byCommand: {} as Record<string, { ok: number; refused: number }> };
let p: TestPlatform;
let adminToken: string;

const timing = { figures: 0, drain: 0, act: 0 };
let lastFigures = '';
let audits = 0;
async function figures(): Promise<PlatformFigures> {
  const t0 = Date.now();
  try {
    return await readFigures();
  } finally {
    timing.figures += Date.now() - t0;
  }
}
async function readFigures(): Promise<PlatformFigures> {
  const get = async (s: string) => (await p.api.get(`/audit/${s}/figures`).set(bearer(adminToken)).expect(200)).body;
  const [campaigns, pledges, matching, payouts] = await Promise.all(['campaigns', 'pledges', 'matching', 'payouts'].map(get));
  return { campaigns, pledges, matching, payouts };
}
const moneyOnly = (f: PlatformFigures) => JSON.stringify({ ...f, campaigns: { ...f.campaigns, campaigns: f.campaigns.campaigns.map((c) => ({ ...c })) } });

/**
 * After every step: quiet, then every invariant across the four services — unless a topic is
 * lagging (Lag): the services then legitimately disagree until it catches up, so the cross-service
 * audit waits for the release (each service's own figures are still read and compared).
 */
async function assertAudit(w: World, after: string): Promise<PlatformFigures> {
  const t0 = Date.now();
  await p.drain();
  timing.drain += Date.now() - t0;
  const f = await figures();
  lastFigures = moneyOnly(f);
  if (w.lags.length > 0) return f;
  const report = reconcile(f);
  // every tenth check also through the product endpoint: it must agree
  if (++audits % 10 === 0 && report.status === 'ok') {
    const served = (await p.api.get('/audit/platform').set(bearer(adminToken)).expect(200)).body;
    if (served.status !== 'ok') throw new Error(`GET /audit/platform answers ${served.status} where the figures reconcile: ${JSON.stringify(served.findings)}`);
  }
  if (report.status !== 'ok') {
    throw new Error(
      `platform audit after "${after}": ${report.status}\n${JSON.stringify(report.findings, null, 2)}\nsequence so far:\n  ${w.log.join('\n  ')}`,
    );
  }
  return f;
}

type Res = { status: number; body: Record<string, unknown> & { code?: string } };

/**
 * One public operation: `act` answers the HTTP response; `expected` the statuses the model accepts.
 * 5xx is always a failure; a refused answer (4xx) must leave every figure of every service as it was.
 */
async function step(w: World, name: string, expected: number[], act: () => Promise<Res>): Promise<Res> {
  await catchUp(w);
  // the figures after the previous step: nothing moves between steps (reads only, background loops off)
  const before = lastFigures || moneyOnly(await figures());
  const t0 = Date.now();
  const res = await act();
  timing.act += Date.now() - t0;
  const line = `${name} → ${res.status}${res.status >= 400 ? ` ${res.body?.code ?? ''}` : ''}`;
  w.log.push(line);
  stats.steps++;
  const c = (stats.byCommand[name.split('(')[0]] ??= { ok: 0, refused: 0 });
  if (res.status >= 500) throw new Error(`${line}: a 5xx\n${JSON.stringify(res.body)}\nsequence:\n  ${w.log.join('\n  ')}`);
  if (!expected.includes(res.status))
    throw new Error(`${line}: expected one of ${expected.join('/')}\n${JSON.stringify(res.body)}\nsequence:\n  ${w.log.join('\n  ')}`);
  const after = moneyOnly(await assertAudit(w, line));
  if (res.status >= 400) {
    stats.refused++;
    c.refused++;
    if (after !== before) throw new Error(`${line}: refused, yet the figures changed\nbefore ${before}\nafter  ${after}\nsequence:\n  ${w.log.join('\n  ')}`);
  } else {
    stats.accepted++;
    c.ok++;
  }
  return res;
}

/** Counts a step against every lag; those due (or all, at the end) are released, drained and audited. */
async function catchUp(w: World, all = false): Promise<void> {
  const due = w.lags.filter((l) => all || --l.steps <= 0);
  if (due.length === 0) return;
  w.lags = w.lags.filter((l) => !due.includes(l));
  for (const l of due) {
    await l.release();
    w.log.push(`caught up: ${l.name}`);
  }
  await p.tick(); // what a job deferred while the topic lagged runs now, as the background loops would
  await assertAudit(w, `caught up: ${due.map((l) => l.name).join(', ')}`);
}

const campaignOf = async (id: string) =>
  (await p.api.get(`/campaigns/${id}`).set(bearer(adminToken)).expect(200)).body as {
    status: string;
    endsAt: string;
    milestones: { id: string; status: string; target: number; baseline: number }[];
  };
const tranchesOf = async (id: string) => (await p.api.get(`/campaigns/${id}/tranches`).expect(200)).body as { id: string; status: string }[];
const pick = <T>(xs: T[], i: number) => xs[i % xs.length];
/**
 * Evidence and verdicts mean something only for a campaign in delivery, and random indices mostly
 * hit drafts: they pick among the campaigns in delivery when there are any (else among all, to
 * show the refusals).
 */
async function pickDelivering<C extends { id: string }>(campaigns: C[], i: number): Promise<C> {
  const delivering: C[] = [];
  for (const c of campaigns) if ((await campaignOf(c.id)).status === 'in_delivery') delivering.push(c);
  return pick(delivering.length > 0 ? delivering : campaigns, i);
}
const SUCCEEDED = ['succeeded', 'in_delivery', 'completed'];

// ---- commands -------------------------------------------------------------------------------

type Cmd = fc.AsyncCommand<Model, World>;

class CreateFund implements Cmd {
  constructor(
    readonly owner: number,
    readonly budget: number,
    readonly rule: Record<string, unknown>,
    readonly invalid: boolean,
  ) {}
  check = () => true;
  async run(m: Model, w: World) {
    const owner = pick(w.funders, this.owner);
    const body = {
      name: `Fund ${randomUUID().slice(0, 6)}`,
      currency: 'EUR',
      budgetAmount: this.invalid ? -this.budget : this.budget,
      sourceTags: ['municipal'],
    };
    const res = await step(w, `createFund(${this.owner}, ${body.budgetAmount})`, this.invalid ? [400] : [201], () =>
      p.api.post('/funds').set(bearer(owner.token)).send(body),
    );
    if (res.status !== 201) return;
    const id = res.body.id as string;
    const now = p.clock.now().getTime();
    const { roundDays, ...params } = this.rule;
    const rule: Record<string, unknown> = {
      ...params,
      eligibility: { callIds: [w.callId] },
      ...(params.type === 'quadratic' ? { roundStartsAt: isoIn(-1, now), roundEndsAt: isoIn(Number(roundDays), now) } : {}),
    };
    await step(w, `addRule(${JSON.stringify(rule).slice(0, 160)})`, [201], () => p.api.post(`/funds/${id}/rules`).set(bearer(owner.token)).send(rule));
    m.funds.push({ id, owner: this.owner, closed: false, rule: String(rule.type) });
  }
  toString = () => `CreateFund(${this.owner}, ${this.budget}, ${JSON.stringify(this.rule)}, ${this.invalid})`;
}

class TopUp implements Cmd {
  constructor(
    readonly fund: number,
    readonly by: number,
    readonly amount: number,
  ) {}
  check = (m: Readonly<Model>) => m.funds.length > 0;
  async run(m: Model, w: World) {
    const f = pick(m.funds, this.fund);
    const expected = this.by !== f.owner ? [403] : f.closed ? [409] : [200];
    await step(w, `topUp(fund ${m.funds.indexOf(f)}, by ${this.by}, ${this.amount})`, expected, () =>
      p.api
        .post(`/funds/${f.id}/top-ups`)
        .set(bearer(pick(w.funders, this.by).token))
        .set('Idempotency-Key', randomUUID())
        .send({ amount: this.amount }),
    );
  }
  toString = () => `TopUp(${this.fund}, ${this.by}, ${this.amount})`;
}

class CloseFund implements Cmd {
  constructor(
    readonly fund: number,
    readonly by: number,
  ) {}
  check = (m: Readonly<Model>) => m.funds.length > 0;
  async run(m: Model, w: World) {
    const f = pick(m.funds, this.fund);
    const expected = this.by !== f.owner ? [403] : f.closed ? [409] : [200];
    const res = await step(w, `closeFund(fund ${m.funds.indexOf(f)}, by ${this.by})`, expected, () =>
      p.api
        .post(`/funds/${f.id}/close`)
        .set(bearer(pick(w.funders, this.by).token))
        .send({}),
    );
    if (res.status === 200) f.closed = true;
  }
  toString = () => `CloseFund(${this.fund}, ${this.by})`;
}

class CreateCampaign implements Cmd {
  constructor(
    readonly promoter: number,
    readonly goal: number,
    readonly model: 'all_or_nothing' | 'keep_it_all',
    readonly days: number,
    readonly upfront: number,
    readonly milestones: { rule: 'binary' | 'proportional'; due: number; min: number }[],
    readonly variant: 'valid' | 'wrong-role' | 'goal-above-call',
  ) {}
  check = () => true;
  async run(m: Model, w: World) {
    const now = p.clock.now().getTime();
    const goal = this.variant === 'goal-above-call' ? 20_000_000 : this.goal;
    const rest = 100 - this.upfront;
    const shares = this.milestones.map((_, i) =>
      i === 0 ? rest - Math.floor(rest / this.milestones.length) * (this.milestones.length - 1) : Math.floor(rest / this.milestones.length),
    );
    const body = {
      title: `Campaign ${randomUUID().slice(0, 6)}`,
      summary: 's',
      description: 'd',
      callId: w.callId,
      area: 'Giambellino',
      category: 'social_concierge',
      promoterType: 'ets',
      goalAmount: goal,
      currency: 'EUR',
      fundingModel: this.model,
      startsAt: isoIn(-0.01, now),
      endsAt: isoIn(this.days, now),
      cofinancingAmount: Math.ceil(goal / 10),
      upfrontSharePct: this.upfront,
      failedMilestonePolicy: 'refund_donor_share',
      milestones: this.milestones.map((ms, i) => ({
        title: `M${i}`,
        indicator: 'households',
        unit: 'households',
        baseline: 0,
        target: 100,
        dueAt: isoIn(this.days + ms.due, now),
        payoutSharePct: shares[i],
        paymentRule: ms.rule,
        ...(ms.rule === 'proportional' ? { minAchievementPct: ms.min } : {}),
      })),
    };
    const token = this.variant === 'wrong-role' ? pick(w.citizens, this.promoter).token : pick(w.promoters, this.promoter).token;
    const expected = this.variant === 'wrong-role' ? [403] : [201];
    const res = await step(
      w,
      `createCampaign(${this.variant}, promoter ${this.promoter}, goal ${goal}, ${this.model}, ${this.days}d, upfront ${this.upfront}, ${this.milestones.map((x) => x.rule).join('+')})`,
      expected,
      () => p.api.post('/campaigns').set(bearer(token)).send(body),
    );
    if (res.status === 201)
      m.campaigns.push({
        id: res.body.id as string,
        promoter: this.promoter,
        milestones: (res.body.milestones as { id: string }[]).map((x) => x.id),
        ineligible: this.variant === 'goal-above-call',
      });
  }
  toString = () =>
    `CreateCampaign(${this.promoter}, ${this.goal}, ${this.model}, ${this.days}, ${this.upfront}, ${JSON.stringify(this.milestones)}, ${this.variant})`;
}

class Review implements Cmd {
  constructor(
    readonly campaign: number,
    readonly action: 'submit' | 'approve' | 'reject' | 'cancel',
    readonly as: 'owner' | 'other' | 'admin',
  ) {}
  check = (m: Readonly<Model>) => m.campaigns.length > 0;
  async run(m: Model, w: World) {
    const c = pick(m.campaigns, this.campaign);
    const { status } = await campaignOf(c.id);
    const ownerToken = this.action === 'submit' || this.action === 'cancel' ? w.promoters[c.promoter].token : w.funders[0].token; // funder 0 owns the call
    const otherToken = this.action === 'submit' || this.action === 'cancel' ? w.promoters[1 - c.promoter].token : w.funders[1].token;
    const token = this.as === 'owner' ? ownerToken : this.as === 'other' ? otherToken : w.admin.token;
    const from: Record<string, string[]> = {
      submit: ['draft', 'rejected'],
      approve: ['submitted'],
      reject: ['submitted'],
      cancel: ['draft', 'submitted', 'rejected', 'scheduled', 'live'],
    };
    const adminMay = this.action !== 'submit';
    let expected: number[];
    if (this.as === 'other' || (this.as === 'admin' && !adminMay)) expected = [403];
    else if (!from[this.action].includes(status)) expected = [409];
    else if ((this.action === 'submit' || this.action === 'approve') && (c.ineligible || p.clock.now().getTime() >= w.callClosesAt))
      expected = [422]; // the call's rules, checked at submission and approval
    else if (this.action === 'cancel')
      expected = [200, 409, 422]; // a promoter may cancel only before pledges came in (docs): either answer, never a 5xx
    else expected = [200];
    await step(w, `${this.action}(campaign ${m.campaigns.indexOf(c)} [${status}], as ${this.as})`, expected, () =>
      p.api
        .post(`/campaigns/${c.id}/${this.action}`)
        .set(bearer(token))
        .send(this.action === 'reject' || this.action === 'cancel' ? { reason: 'model-based test' } : {}),
    );
  }
  toString = () => `Review(${this.campaign}, ${this.action}, ${this.as})`;
}

class Pledge implements Cmd {
  constructor(
    readonly campaign: number,
    readonly donor: number,
    readonly amount: number,
    readonly card: 'ok' | 'declined',
    readonly variant: 'valid' | 'wrong-role' | 'over-max',
  ) {}
  check = (m: Readonly<Model>) => m.campaigns.length > 0;
  async run(m: Model, w: World) {
    const c = pick(m.campaigns, this.campaign);
    const info = await campaignOf(c.id);
    const open = info.status === 'live' && new Date(info.endsAt).getTime() > p.clock.now().getTime();
    const amount = this.variant === 'over-max' ? 1_000_001 : this.amount;
    const token = this.variant === 'wrong-role' ? w.promoters[0].token : pick(w.citizens, this.donor).token;
    // a campaign not published yet is unknown to pledges (404); one not open refuses (409/422)
    const closed = [404, 409, 422];
    // while pledges lags campaigns' topic, its view of the campaign (published, cancelled) may be behind campaigns'
    const expected =
      this.variant === 'wrong-role'
        ? [403]
        : this.variant === 'over-max'
          ? [400, 422, ...closed]
          : lagging(w, 'pledges')
            ? [201, ...closed]
            : open
              ? [201]
              : closed;
    const created = await step(
      w,
      `pledge(campaign ${m.campaigns.indexOf(c)} [${info.status}], donor ${this.donor}, ${amount}, ${this.variant})`,
      expected,
      () => p.api.post('/pledges').set(bearer(token)).set('Idempotency-Key', randomUUID()).send({ campaignId: c.id, amount, currency: 'EUR' }),
    );
    if (created.status !== 201) return;
    const id = created.body.id as string;
    const card = this.card === 'ok' ? '4242424242424242' : '4000000000000002';
    const paid = await step(w, `pay(pledge ${m.pledges.length}, ${this.card})`, [200], () =>
      p.api.post(`/pledges/${id}/sandbox-confirm`).set(bearer(token)).send({ cardNumber: card }),
    );
    if (paid.body.status !== (this.card === 'ok' ? 'confirmed' : 'failed')) throw new Error(`pledge paid with a ${this.card} card is ${paid.body.status}`);
    if (this.card === 'ok') m.pledges.push({ id, campaign: m.campaigns.indexOf(c), donor: this.donor });
  }
  toString = () => `Pledge(${this.campaign}, ${this.donor}, ${this.amount}, ${this.card}, ${this.variant})`;
}

class Refund implements Cmd {
  constructor(
    readonly pledge: number,
    readonly as: 'admin' | 'citizen',
  ) {}
  check = (m: Readonly<Model>) => m.pledges.length > 0;
  async run(m: Model, w: World) {
    const pl = pick(m.pledges, this.pledge);
    const c = m.campaigns[pl.campaign];
    const { status } = await campaignOf(c.id);
    const after = SUCCEEDED.includes(status);
    if (after && SKIP.has('refund-after-success')) return;
    const token = this.as === 'admin' ? w.admin.token : w.citizens[pl.donor].token;
    // before success: allowed; after success: allowed while the unreleased escrow covers it, else 409 REFUND_NOT_COVERED_BY_ESCROW
    const expected = this.as !== 'admin' ? [403] : after ? [200, 409] : [200, 409];
    await step(w, `refund(pledge ${m.pledges.indexOf(pl)} of campaign ${pl.campaign} [${status}], as ${this.as})`, expected, () =>
      p.api.post(`/pledges/${pl.id}/refund`).set(bearer(token)).set('Idempotency-Key', randomUUID()).send({ reason: 'model-based test' }),
    );
  }
  toString = () => `Refund(${this.pledge}, ${this.as})`;
}

/**
 * Topics that reach a service on their own (Kafka orders messages only within a topic's partition):
 * each may lag behind the others, named by one of its event types (HoldingTransport holds the whole
 * topic, so nothing overtakes an event of its own topic).
 */
const LAGS: [service: ServiceName, eventType: string][] = [
  ['matching', 'funding.closed'],
  ['matching', 'pledge.confirmed'],
  ['matching', 'campaign.succeeded'],
  ['matching', 'tranche.released'],
  ['matching', 'funds.returned'],
  ['campaigns', 'funding.closed'],
  ['campaigns', 'match.finalized'],
  ['campaigns', 'pledge.confirmed'],
  ['campaigns', 'tranches.settled'],
  ['payouts', 'campaign.succeeded'],
  ['payouts', 'match.finalized'],
  ['payouts', 'pledge.confirmed'],
  ['payouts', 'donor_share.refunded'],
  ['pledges', 'campaign.succeeded'],
  ['pledges', 'tranche.released'],
  ['pledges', 'donor_share.refund_requested'],
];

class Lag implements Cmd {
  constructor(
    readonly lag: number,
    readonly steps: number,
  ) {}
  check = () => true;
  async run(_m: Model, w: World) {
    const [service, eventType] = pick(LAGS, this.lag);
    const name = `${service} ← ${eventType}'s topic`;
    if (w.lags.some((l) => l.name === name)) return;
    w.lags.push({ name, service, steps: this.steps, release: p.hold(service, eventType) });
    w.log.push(`lag: ${name}, for ${this.steps} steps`);
    stats.steps++;
    (stats.byCommand.lag ??= { ok: 0, refused: 0 }).ok++;
  }
  toString = () => `Lag(${this.lag}, ${this.steps})`;
}

const lagging = (w: World, service: string) => w.lags.some((l) => l.service === service);

class PassTime implements Cmd {
  constructor(readonly days: number) {}
  check = () => true;
  async run(_m: Model, w: World) {
    await catchUp(w);
    p.clock.advance(this.days * DAY);
    await p.tick();
    w.log.push(`pass ${this.days} days`);
    stats.steps++;
    (stats.byCommand.passTime ??= { ok: 0, refused: 0 }).ok++;
    await assertAudit(w, `pass ${this.days} days`);
  }
  toString = () => `PassTime(${this.days})`;
}

class Evidence implements Cmd {
  constructor(
    readonly campaign: number,
    readonly milestone: number,
    readonly value: number,
    readonly as: 'owner' | 'other',
  ) {}
  check = (m: Readonly<Model>) => m.campaigns.length > 0;
  async run(m: Model, w: World) {
    const c = await pickDelivering(m.campaigns, this.campaign);
    const mid = pick(c.milestones, this.milestone);
    const token = this.as === 'owner' ? w.promoters[c.promoter].token : w.promoters[1 - c.promoter].token;
    const { status } = await campaignOf(c.id);
    const expected = this.as === 'other' ? [403] : [201, 400, 409, 422];
    await step(
      w,
      `evidence(campaign ${m.campaigns.indexOf(c)} [${status}], milestone ${c.milestones.indexOf(mid)}, ${this.value}, as ${this.as})`,
      expected,
      () =>
        p.api
          .post(`/campaigns/${c.id}/milestones/${mid}/evidence`)
          .set(bearer(token))
          .send({ reportedValue: this.value, description: 'report', documents: [] }),
    );
  }
  toString = () => `Evidence(${this.campaign}, ${this.milestone}, ${this.value}, ${this.as})`;
}

class Verify implements Cmd {
  constructor(
    readonly campaign: number,
    readonly milestone: number,
    readonly value: number,
    readonly approved: boolean,
    readonly as: 'verifier' | 'promoter',
  ) {}
  check = (m: Readonly<Model>) => m.campaigns.length > 0;
  async run(m: Model, w: World) {
    const c = await pickDelivering(m.campaigns, this.campaign);
    const mid = pick(c.milestones, this.milestone);
    const { status, milestones } = await campaignOf(c.id);
    // Random sequences seldom put evidence before the verdict: a verifier's verdict on a campaign in
    // delivery whose milestone has none is preceded by the promoter's report (one more step), so
    // the verified, proportional and failed payouts are reached, not only settled at the end.
    if (this.as === 'verifier' && status === 'in_delivery' && milestones.find((x) => x.id === mid)?.status === 'pending') {
      await step(
        w,
        `evidence(campaign ${m.campaigns.indexOf(c)} [${status}], milestone ${c.milestones.indexOf(mid)}, ${this.value}, as owner, before a verdict)`,
        [201],
        () =>
          p.api
            .post(`/campaigns/${c.id}/milestones/${mid}/evidence`)
            .set(bearer(w.promoters[c.promoter].token))
            .send({ reportedValue: this.value, description: 'report', documents: [] }),
      );
    }
    const token = this.as === 'verifier' ? w.verifier.token : w.promoters[c.promoter].token;
    const expected = this.as === 'promoter' ? [403] : [200, 400, 409, 422];
    await step(
      w,
      `verify(campaign ${m.campaigns.indexOf(c)} [${status}], milestone ${c.milestones.indexOf(mid)} [${milestones.find((x) => x.id === mid)?.status}], ${this.value}, ${this.approved})`,
      expected,
      () => p.api.post(`/campaigns/${c.id}/milestones/${mid}/verification`).set(bearer(token)).send({ verifiedValue: this.value, approved: this.approved }),
    );
  }
  toString = () => `Verify(${this.campaign}, ${this.milestone}, ${this.value}, ${this.approved}, ${this.as})`;
}

class Release implements Cmd {
  constructor(
    readonly campaign: number,
    readonly tranche: number,
    readonly as: 'admin' | 'funder' | 'promoter',
  ) {}
  check = (m: Readonly<Model>) => m.campaigns.length > 0;
  async run(m: Model, w: World) {
    const c = pick(m.campaigns, this.campaign);
    const tranches = await tranchesOf(c.id);
    if (tranches.length === 0) return;
    const t = pick(tranches, this.tranche);
    const token = this.as === 'admin' ? w.admin.token : this.as === 'funder' ? w.funders[0].token : w.promoters[c.promoter].token;
    // the call's funder may release (it owns the call); a promoter never
    const expected = this.as === 'promoter' ? [403] : t.status === 'eligible' ? [200] : [409];
    await step(
      w,
      `release(campaign ${m.campaigns.indexOf(c)}, tranche ${tranches.indexOf(t)} [${t.status}], as ${this.as})`,
      this.as === 'funder' ? (t.status === 'eligible' ? [200, 403] : [403, 409]) : expected,
      () => p.api.post(`/tranches/${t.id}/release`).set(bearer(token)).send({}),
    );
  }
  toString = () => `Release(${this.campaign}, ${this.tranche}, ${this.as})`;
}

// ---- generators -----------------------------------------------------------------------------

const ruleArb: fc.Arbitrary<Record<string, unknown>> = fc
  .oneof(
    fc.record(
      {
        type: fc.constant('ratio'),
        numerator: fc.integer({ min: 1, max: 3 }),
        denominator: fc.integer({ min: 1, max: 3 }),
        maxMatchPerPledge: fc.option(fc.integer({ min: 1_000, max: 50_000 }), { nil: undefined }),
        maxMatchPerDonorPerCampaign: fc.option(fc.integer({ min: 1_000, max: 60_000 }), { nil: undefined }),
        maxMatchPerCampaign: fc.option(fc.integer({ min: 5_000, max: 150_000 }), { nil: undefined }),
        maxMatchablePerPledge: fc.option(fc.integer({ min: 1_000, max: 50_000 }), { nil: undefined }),
      },
      { requiredKeys: ['type', 'numerator', 'denominator'] },
    ),
    fc.record(
      {
        type: fc.constant('threshold'),
        thresholdBps: fc.integer({ min: 2_000, max: 9_000 }),
        grantBpsOfGoal: fc.integer({ min: 500, max: 3_000 }),
        maxGrantAmount: fc.option(fc.integer({ min: 1_000, max: 40_000 }), { nil: undefined }),
      },
      { requiredKeys: ['type', 'thresholdBps', 'grantBpsOfGoal'] },
    ),
    fc.record(
      {
        type: fc.constant('quadratic'),
        roundDays: fc.integer({ min: 3, max: 30 }),
        capBps: fc.option(fc.integer({ min: 1_000, max: 10_000 }), { nil: undefined }),
        capAmount: fc.option(fc.integer({ min: 1_000, max: 50_000 }), { nil: undefined }),
      },
      { requiredKeys: ['type', 'roundDays'] },
    ),
  )
  .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));

const idx = fc.nat({ max: 50 });
const commands = [
  fc
    .tuple(
      fc.nat({ max: 1 }),
      fc.integer({ min: 5_000, max: 300_000 }),
      ruleArb,
      fc.integer({ min: 0, max: 9 }).map((x) => x === 0),
    )
    .map(([o, b, r, inv]) => new CreateFund(o, b, r, inv)),
  fc.tuple(idx, fc.nat({ max: 1 }), fc.integer({ min: 100, max: 100_000 })).map(([f, by, a]) => new TopUp(f, by, a)),
  fc.tuple(idx, fc.nat({ max: 1 })).map(([f, by]) => new CloseFund(f, by)),
  fc
    .tuple(
      fc.nat({ max: 1 }),
      fc.integer({ min: 100_000, max: 250_000 }),
      fc.constantFrom('all_or_nothing' as const, 'keep_it_all' as const),
      fc.integer({ min: 2, max: 20 }),
      fc.constantFrom(0, 20, 40),
      fc.array(
        fc.record({
          rule: fc.constantFrom('binary' as const, 'proportional' as const),
          due: fc.integer({ min: 5, max: 40 }),
          min: fc.integer({ min: 10, max: 90 }),
        }),
        { minLength: 1, maxLength: 2 },
      ),
      fc.constantFrom('valid' as const, 'valid' as const, 'valid' as const, 'wrong-role' as const, 'goal-above-call' as const),
    )
    .map(([pr, g, fm, d, u, ms, v]) => new CreateCampaign(pr, g, fm, d, u, ms, v)),
  fc
    .tuple(
      idx,
      fc.constantFrom('submit' as const, 'approve' as const, 'approve' as const, 'reject' as const, 'cancel' as const),
      fc.constantFrom('owner' as const, 'owner' as const, 'owner' as const, 'other' as const, 'admin' as const),
    )
    .map(([c, a, as]) => new Review(c, a, as)),
  fc
    .tuple(
      idx,
      fc.nat({ max: 3 }),
      fc.integer({ min: 100, max: 90_000 }),
      fc.constantFrom('ok' as const, 'ok' as const, 'ok' as const, 'declined' as const),
      fc.constantFrom('valid' as const, 'valid' as const, 'valid' as const, 'valid' as const, 'wrong-role' as const, 'over-max' as const),
    )
    .map(([c, d, a, card, v]) => new Pledge(c, d, a, card, v)),
  fc
    .tuple(idx, idx, fc.integer({ min: 100, max: 90_000 }), fc.constantFrom('ok' as const, 'ok' as const, 'ok' as const, 'declined' as const))
    .map(([c, d, a, card]) => new Pledge(c, d % 4, a, card, 'valid')),
  fc.tuple(idx, fc.constantFrom('admin' as const, 'admin' as const, 'admin' as const, 'citizen' as const)).map(([pl, as]) => new Refund(pl, as)),
  fc.tuple(idx, fc.constantFrom('submit' as const, 'approve' as const)).map(([c, a]) => new Review(c, a, 'owner')),
  fc.integer({ min: 1, max: 25 }).map((d) => new PassTime(d)),
  fc
    .tuple(idx, idx, fc.integer({ min: 0, max: 130 }), fc.constantFrom('owner' as const, 'owner' as const, 'owner' as const, 'other' as const))
    .map(([c, ms, v, as]) => new Evidence(c, ms, v, as)),
  fc
    .tuple(
      idx,
      idx,
      fc.integer({ min: 0, max: 130 }),
      fc.boolean(),
      fc.constantFrom('verifier' as const, 'verifier' as const, 'verifier' as const, 'promoter' as const),
    )
    .map(([c, ms, v, ok, as]) => new Verify(c, ms, v, ok, as)),
  fc.tuple(idx, idx, fc.constantFrom('admin' as const, 'funder' as const, 'funder' as const, 'promoter' as const)).map(([c, t, as]) => new Release(c, t, as)),
  // (embedded only for now: the bounded distributed run keeps the sequences it was proved green with)
  ...(SKIP.has('lag') || process.env.TEST_MODE === 'distributed' ? [] : [fc.tuple(idx, fc.integer({ min: 1, max: 6 })).map(([l, n]) => new Lag(l, n))]),
];

// ---- settling at the end --------------------------------------------------------------------

/** Every deadline passes, every milestone is verified (or expires), every eligible tranche is released and paid. */
async function settle(m: Model, w: World): Promise<void> {
  await catchUp(w, true);
  for (let round = 0; round < 3; round++) {
    p.clock.advance(60 * DAY);
    await p.tick();
    for (const c of m.campaigns) {
      const info = await campaignOf(c.id);
      if (info.status === 'in_delivery') {
        for (const ms of info.milestones) {
          if (['verified', 'failed', 'expired', 'settled', 'partially_achieved'].includes(ms.status)) continue;
          await p.api
            .post(`/campaigns/${c.id}/milestones/${ms.id}/evidence`)
            .set(bearer(w.promoters[c.promoter].token))
            .send({ reportedValue: 80, description: 'final', documents: [] });
          const v = await p.api
            .post(`/campaigns/${c.id}/milestones/${ms.id}/verification`)
            .set(bearer(w.verifier.token))
            .send({ verifiedValue: 80, approved: round % 2 === 0 });
          if (v.status >= 500) throw new Error(`settling: verification answered ${v.status}`);
        }
      }
      await p.drain();
      for (const t of await tranchesOf(c.id)) {
        if (t.status !== 'eligible') continue;
        const r = await p.api.post(`/tranches/${t.id}/release`).set(bearer(w.admin.token)).send({});
        if (r.status !== 200) throw new Error(`settling: an eligible tranche could not be released: ${r.status} ${JSON.stringify(r.body)}`);
      }
      await p.drain();
    }
    await assertAudit(w, `settling, round ${round}`);
  }
  // Every fund cent available, spent or returned; every escrow empty; nothing reserved.
  const f = await figures();
  const mine = new Set(m.funds.map((x) => x.id));
  for (const fund of f.matching.funds.filter((x) => mine.has(x.fundId))) {
    if (fund.reserved !== 0 || fund.committed !== 0)
      throw new Error(`after settling, fund ${fund.fundId} still holds reserved ${fund.reserved}, committed ${fund.committed}\n  ${w.log.join('\n  ')}`);
  }
  const campaigns = new Set(m.campaigns.map((x) => x.id));
  for (const c of f.payouts.campaigns.filter((x) => campaigns.has(x.campaignId))) {
    const status = f.campaigns.campaigns.find((x) => x.campaignId === c.campaignId)?.status;
    const held = c.matchByFund.reduce((s, x) => s + x.escrow, 0);
    if (c.crowdEscrow !== 0 || held !== 0)
      throw new Error(
        `after settling, campaign ${c.campaignId} [${status}] still holds crowd ${c.crowdEscrow}, match ${held} in escrow\n  ${w.log.join('\n  ')}`,
      );
    const out = c.refundedAmount + c.donorShareRefundedAmount + c.releasedCrowd;
    if (out !== c.collectedAmount)
      throw new Error(
        `after settling, campaign ${c.campaignId}: collected ${c.collectedAmount} ≠ refunded ${c.refundedAmount} + donor share ${c.donorShareRefundedAmount} + to the promoter ${c.releasedCrowd}`,
      );
  }
}

// ---- the property ---------------------------------------------------------------------------

describe('model-based: the money lifecycle across the four services', () => {
  beforeAll(async () => {
    p = await startTestPlatform({ env: PLATFORM_ENV });
    adminToken = p.token('model-auditor', 'admin');
  }, 120_000);
  afterAll(async () => {
    console.log(`[model] time in ms: ${JSON.stringify(timing)}`);
    console.log(
      `[model] seed ${SEED}${PATH ? ` path ${PATH}` : ''}: ${stats.sequences} sequences, ${stats.steps} steps (${stats.accepted} accepted, ${stats.refused} refused) in ${p?.mode} mode\n[model] by command ${JSON.stringify(stats.byCommand)}`,
    );
    await p?.close();
  });

  it(
    `walks ${RUNS} random sequences of up to ${STEPS} operations with every invariant after every step`,
    async () => {
      console.log(
        `[model] MODEL_SEED=${SEED} MODEL_RUNS=${RUNS} MODEL_STEPS=${STEPS}${PATH ? ` MODEL_PATH=${PATH}` : ''}${SKIP.size ? ` MODEL_KNOWN_DEFECTS=${[...SKIP].join(',')}` : ''}`,
      );
      await fc.assert(
        fc.asyncProperty(fc.commands(commands, { maxCommands: STEPS, size: 'max' }), async (cmds) => {
          // A failed sequence leaves its broken money behind; the next one (a shrink) starts on a fresh
          // platform. So does every tenth: the figures read after every step grow with what earlier
          // sequences left, and a long run would slow down step by step.
          if (dirty || (stats.sequences > 0 && stats.sequences % 10 === 0)) await freshPlatform();
          try {
            await sequence(cmds);
          } catch (e) {
            dirty = true;
            failures++;
            if (failures <= 3) console.log(`[model] sequence ${stats.sequences} failed: ${String((e as Error).message).slice(0, 4000)}`);
            throw e;
          }
        }),
        {
          numRuns: RUNS,
          seed: SEED,
          ...(PATH ? { path: PATH } : {}),
          endOnFailure: !SHRINK,
          verbose: 1,
          // a long campaign by hand may stop after MODEL_TIME_LIMIT_S seconds: the sequences run so far count, unfinished ones do not fail
          ...(TIME_LIMIT_S ? { interruptAfterTimeLimit: TIME_LIMIT_S * 1000, markInterruptAsFailure: false } : {}),
        },
      );
    },
    Number(process.env.MODEL_TIMEOUT_MS ?? Math.max(300_000, RUNS * STEPS * 4_000)),
  );
});

let dirty = false;
let failures = 0;
async function freshPlatform(): Promise<void> {
  await p.close().catch(() => undefined); // its ledger audit fails: that is what the failed sequence found
  p = await startTestPlatform({ env: PLATFORM_ENV });
  adminToken = p.token('model-auditor', 'admin');
  dirty = false;
}

async function sequence(cmds: Iterable<Cmd>): Promise<void> {
  stats.sequences++;
  const tag = randomUUID().slice(0, 8);
  const actor = (name: string, role: 'funder' | 'promoter' | 'citizen' | 'verifier' | 'admin') => ({
    id: `${name}-${tag}`,
    token: p.token(`${name}-${tag}`, role),
  });
  const w: World = {
    p,
    admin: actor('admin', 'admin'),
    funders: [actor('city', 'funder'), actor('foundation', 'funder')],
    promoters: [actor('aps', 'promoter'), actor('ets', 'promoter')],
    citizens: ['ada', 'bea', 'cris', 'dan'].map((n) => actor(n, 'citizen')),
    verifier: actor('verifier', 'verifier'),
    callId: '',
    callClosesAt: 0,
    log: [],
    lags: [],
  };
  const now = p.clock.now().getTime();
  w.callId = (
    await p.api
      .post('/calls')
      .set(bearer(w.funders[0].token))
      .send(aCall({ opensAt: isoIn(-1, now), closesAt: isoIn(400, now) }))
      .expect(201)
  ).body.id;
  w.callClosesAt = now + 400 * DAY;
  for (const pr of w.promoters) await p.api.post('/promoters/me/payout-account').set(bearer(pr.token)).send({ method: 'stripe_connect' }).expect(200);
  const model: Model = { funds: [], campaigns: [], pledges: [] };
  lastFigures = moneyOnly(await figures());
  // A starting point every sequence shares (so short sequences reach pledges, closings and tranches):
  // a 1:1 ratio fund and two live campaigns; the generated operations do the rest.
  await new CreateFund(0, 200_000, { type: 'ratio', numerator: 1, denominator: 1, maxMatchPerDonorPerCampaign: 30_000 }, false).run(model, w);
  for (const c of [
    new CreateCampaign(0, 100_000, 'all_or_nothing', 10, 40, [{ rule: 'binary', due: 20, min: 50 }], 'valid'),
    new CreateCampaign(
      1,
      150_000,
      'keep_it_all',
      15,
      20,
      [
        { rule: 'proportional', due: 15, min: 50 },
        { rule: 'binary', due: 30, min: 50 },
      ],
      'valid',
    ),
  ]) {
    await c.run(model, w);
    const i = model.campaigns.length - 1;
    await new Review(i, 'submit', 'owner').run(model, w);
    await new Review(i, 'approve', 'owner').run(model, w);
  }
  await fc.asyncModelRun(() => ({ model, real: w }), cmds);
  if (process.env.MODEL_DEBUG) console.log(`[model] ran ${String(cmds)}\n  ${w.log.join('\n  ')}`);
  await settle(model, w);
  // progress of a long run, unbuffered (Jest prints console output only at the end)
  if (stats.sequences % 5 === 0) process.stderr.write(`[model] progress: ${stats.sequences} sequences, ${stats.steps} steps (${stats.refused} refused)\n`);
}
