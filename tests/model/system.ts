import { PlatformFigures, reconcile } from '@lib/ledger';
import { bearer } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';
import { PLATFORM_ENV } from './config';
import { pick, World } from './model';

// The system under test as the commands of the model-based test reach it (money-lifecycle.e2e-spec.ts):
// the platform, its figures and audit after every step, and the reads a command decides by.
export const stats = { sequences: 0, steps: 0, refused: 0, accepted: 0, byCommand: {} as Record<string, { ok: number; refused: number }> };
/** The platform the sequences run on: a failed sequence's successor starts a fresh one (startPlatform again). */
export let p: TestPlatform;
let adminToken: string;
export async function startPlatform(): Promise<void> {
  p = await startTestPlatform({ env: PLATFORM_ENV });
  adminToken = p.token('model-auditor', 'admin');
}

export const timing = { figures: 0, drain: 0, act: 0 };
let lastFigures = '';
let audits = 0;
export async function figures(): Promise<PlatformFigures> {
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
export const moneyOnly = (f: PlatformFigures) =>
  JSON.stringify({ ...f, campaigns: { ...f.campaigns, campaigns: f.campaigns.campaigns.map((c) => ({ ...c })) } });
/** The figures a sequence starts from: its first step is compared with them. */
export async function rememberFigures(): Promise<void> {
  lastFigures = moneyOnly(await figures());
}

/**
 * After every step: quiet, then every invariant across the four services — unless a topic is
 * lagging (Lag): the services then legitimately disagree until it catches up, so the cross-service
 * audit waits for the release (each service's own figures are still read and compared).
 */
export async function assertAudit(w: World, after: string): Promise<PlatformFigures> {
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

export type Res = { status: number; body: Record<string, unknown> & { code?: string } };

/**
 * One public operation: `act` answers the HTTP response; `expected` the statuses the model accepts.
 * 5xx is always a failure; a refused answer (4xx) must leave every figure of every service as it was.
 */
export async function step(w: World, name: string, expected: number[], act: () => Promise<Res>): Promise<Res> {
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

export type Stepper = (w: World, name: string, expected: number[], act: () => Promise<Res>) => Promise<Res>;

/**
 * The steps of a burst (PledgeBurst): run at the same time, so none can be audited alone — each
 * answer must still be one the model accepts and never a 5xx; `afterBurst` audits them together.
 */
export const burstStep: Stepper = async (w, name, expected, act) => {
  const res = await act();
  const line = `${name} → ${res.status}${res.status >= 400 ? ` ${res.body?.code ?? ''}` : ''} (in a burst)`;
  w.log.push(line);
  stats.steps++;
  const c = (stats.byCommand[name.split('(')[0]] ??= { ok: 0, refused: 0 });
  if (res.status >= 500 || !expected.includes(res.status))
    throw new Error(`${line}: expected one of ${expected.join('/')}\n${JSON.stringify(res.body)}\nsequence:\n  ${w.log.join('\n  ')}`);
  const refused = res.status >= 400;
  stats[refused ? 'refused' : 'accepted']++;
  c[refused ? 'refused' : 'ok']++;
  return res;
};

/** How many group commits of each kind wrote several requests at once (civic_group_commit_items; embedded: one process). */
export async function sharedGroupCommits(): Promise<Record<string, number>> {
  const text = (await p.api.get('/metrics')).text ?? '';
  const count = (series: string) => Number(new RegExp(`^${series} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  return Object.fromEntries(
    ['pledges.create', 'pledges.sandbox-confirm'].map((g) => [
      g,
      count(`civic_group_commit_items_count\\{group="${g}"\\}`) - count(`civic_group_commit_items_bucket\\{le="1",group="${g}"\\}`),
    ]),
  );
}

/** After a burst: every invariant, once; a burst refused whole must have left every figure as it was. */
export async function afterBurst(w: World, name: string, anyAccepted: boolean): Promise<void> {
  const before = lastFigures || moneyOnly(await figures());
  const after = moneyOnly(await assertAudit(w, name));
  if (!anyAccepted && after !== before) throw new Error(`${name}: all refused, yet the figures changed\nsequence:\n  ${w.log.join('\n  ')}`);
}

/** Counts a step against every lag; those due (or all, at the end) are released, drained and audited. */
export async function catchUp(w: World, all = false): Promise<void> {
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

export const campaignOf = async (id: string) =>
  (await p.api.get(`/campaigns/${id}`).set(bearer(adminToken)).expect(200)).body as {
    status: string;
    endsAt: string;
    milestones: { id: string; status: string; target: number; baseline: number }[];
  };
export const tranchesOf = async (id: string) => (await p.api.get(`/campaigns/${id}/tranches`).expect(200)).body as { id: string; status: string }[];
/**
 * Evidence and verdicts mean something only for a campaign in delivery, and random indices mostly
 * hit drafts: they pick among the campaigns in delivery when there are any (else among all, to
 * show the refusals).
 */
export async function pickDelivering<C extends { id: string }>(campaigns: C[], i: number): Promise<C> {
  const delivering: C[] = [];
  for (const c of campaigns) if ((await campaignOf(c.id)).status === 'in_delivery') delivering.push(c);
  return pick(delivering.length > 0 ? delivering : campaigns, i);
}
