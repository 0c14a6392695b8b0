import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { aCall, isoIn } from '../support/fixtures';
import { bearer } from '../support/flows';
import { commands } from './commands/generators';
import { CreateCampaign, Review } from './commands/campaigns';
import { CreateFund } from './commands/funds';
import { DAY, PATH, RUNS, SEED, SHRINK, SKIP, STEPS, TIME_LIMIT_S } from './config';
import { Cmd, Model, World } from './model';
import { settle } from './settle';
import { p, rememberFigures, sharedGroupCommits, startPlatform, stats, timing } from './system';

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
 * Its parts: config.ts (the MODEL_* knobs), model.ts (what the model knows), system.ts (the platform,
 * its figures and audit after every step), commands/ (the operations, by topic; generators.ts draws them),
 * settle.ts (the end of a sequence).
 */

// ---- the property ---------------------------------------------------------------------------

describe('model-based: the money lifecycle across the four services', () => {
  beforeAll(async () => {
    await startPlatform();
  }, 120_000);
  afterAll(async () => {
    console.log(`[model] time in ms: ${JSON.stringify(timing)}`);
    console.log(
      `[model] seed ${SEED}${PATH ? ` path ${PATH}` : ''}: ${stats.sequences} sequences, ${stats.steps} steps (${stats.accepted} accepted, ${stats.refused} refused) in ${p?.mode} mode\n[model] by command ${JSON.stringify(stats.byCommand)}`,
    );
    if (p?.mode === 'embedded') console.log(`[model] group commits of several requests: ${JSON.stringify(await sharedGroupCommits())}`);
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
  await startPlatform();
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
  await rememberFigures();
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
