/**
 * bench/scale, step 1: the template, run through the public API and the real event flow — campaigns
 * in one call, matched 1:1 by one fund, each with its paid pledges; they close and succeed, every
 * upfront tranche is released and paid, half the milestones are verified and their tranche paid.
 */
import { randomUUID } from 'node:crypto';
import { aCall, aCampaign, isoIn } from '../../tests/support/fixtures';
import { pool, sleep, until } from './flow';
import { Call, log as say, token } from './platform';
import { rng } from './rng';
import { expectStatus, waitAcceptingPledges } from './scenario';

const log = (m: string) => say('scale', m);

export interface TemplateSize {
  campaigns: number;
  pledgesPerCampaign: number;
  /** concurrent pledging clients */
  concurrency: number;
}

/** Step 1: the template, through the API and the event flow. */
export async function runTemplate(call: Call, size: TemplateSize) {
  const tag = randomUUID();
  const funder = await token(call, `funder-${tag}`, ['funder']);
  const promoter = await token(call, `promoter-${tag}`, ['promoter']);
  const verifier = await token(call, `verifier-${randomUUID()}`, ['verifier']);
  const c = await expectStatus(call<{ id: string }>('POST', '/calls', funder, aCall({ maxGoalAmount: 1_000_000_000 })), 201, 'call');
  const fund = await expectStatus(
    call<{ id: string }>('POST', '/funds', funder, { name: 'Fondo quartieri', currency: 'EUR', budgetAmount: 1_000_000_000, sourceTags: ['comune', 'fesr'] }),
    201,
    'fund',
  );
  await expectStatus(
    call('POST', `/funds/${fund.id}/rules`, funder, { type: 'ratio', numerator: 1, denominator: 1, eligibility: { callIds: [c.id] } }),
    201,
    'rule',
  );
  await expectStatus(
    call('POST', '/promoters/me/payout-account', promoter, { method: 'external', iban: 'IT60 X054 2811 1010 0000 0123 456', accountHolder: 'APS Bench' }),
    200,
    'payout account',
  );
  // Pledging must finish before the deadline: bench/pledge-intake measures ~25-35 pledges/s on
  // 2 cores (distributed); plan for TEMPLATE_PLEDGE_RATE (15) per second, plus a margin.
  const pledgeSeconds = Math.ceil((size.campaigns * size.pledgesPerCampaign) / Number(process.env.TEMPLATE_PLEDGE_RATE ?? 15)) + 30;
  const endsAt = Date.now() + pledgeSeconds * 1000;
  const ids: string[] = [];
  for (let i = 0; i < size.campaigns; i++) {
    const areas = ['Giambellino', 'Corvetto'];
    const draft = await expectStatus(
      call<{ id: string }>(
        'POST',
        '/campaigns',
        promoter,
        aCampaign(c.id, {
          title: `Progetto di quartiere ${i}`,
          area: areas[i % 2],
          fundingModel: 'keep_it_all',
          goalAmount: 200_000,
          cofinancingAmount: 20_000,
          startsAt: isoIn(-1),
          endsAt: new Date(endsAt).toISOString(),
          milestones: [
            {
              title: 'Households served',
              indicator: 'households',
              unit: 'households',
              baseline: 0,
              target: 100,
              dueAt: isoIn(60),
              payoutSharePct: 60,
              paymentRule: 'binary',
            },
          ],
        }),
      ),
      201,
      'campaign',
    );
    await expectStatus(call('POST', `/campaigns/${draft.id}/submit`, promoter), 200, 'submit');
    await expectStatus(call('POST', `/campaigns/${draft.id}/approve`, funder), 200, 'approve');
    ids.push(draft.id);
  }
  await waitAcceptingPledges(call, ids);
  log(
    `template: ${size.campaigns} campaigns live; pledging ${size.campaigns * size.pledgesPerCampaign} times (deadline in ${Math.round((endsAt - Date.now()) / 1000)} s)`,
  );
  const donors = await Promise.all(Array.from({ length: 50 }, () => token(call, `citizen-${randomUUID()}`, ['citizen'])));
  const random = rng(11);
  const jobs = ids.flatMap((id) =>
    Array.from({ length: size.pledgesPerCampaign }, () => ({
      id,
      amount: 500 + Math.floor(random() * 100) * 100,
      donor: donors[Math.floor(random() * donors.length)],
    })),
  );
  let done = 0;
  await pool(jobs, size.concurrency, async (j) => {
    const created = await expectStatus(
      call<{ id: string }>('POST', '/pledges', j.donor, { campaignId: j.id, amount: j.amount, currency: 'EUR' }, { 'idempotency-key': randomUUID() }),
      201,
      'pledge',
    );
    await expectStatus(call('POST', `/pledges/${created.id}/sandbox-confirm`, j.donor, { cardNumber: '4242424242424242' }), 200, 'confirm');
    if (++done % 500 === 0) log(`template: ${done} / ${jobs.length} pledges`);
  });
  if (Date.now() > endsAt) throw new Error('pledging ran past the deadline; lower CONCURRENCY or PLEDGES_PER_CAMPAIGN');
  log(`template: waiting for the deadline and the closing saga`);
  await sleep(Math.max(0, endsAt - Date.now()));
  for (const id of ids) {
    await until(`campaign ${id} in delivery`, async () => {
      const r = await call<{ status: string }>('GET', `/campaigns/${id}`);
      return r.body.status === 'in_delivery' ? true : undefined;
    });
  }
  log('template: every campaign succeeded; releasing tranches');
  for (const [i, id] of ids.entries()) {
    const tranches = await until(`tranches of ${id}`, async () => {
      const r = await call<{ id: string; kind: string; status: string }[]>('GET', `/campaigns/${id}/tranches`);
      return r.status === 200 && r.body.some((t) => t.kind === 'upfront' && t.status === 'eligible') ? r.body : undefined;
    });
    await expectStatus(
      call('POST', `/tranches/${tranches.find((t) => t.kind === 'upfront')!.id}/release`, funder, undefined, { 'idempotency-key': randomUUID() }),
      200,
      'release upfront',
    );
    if (i % 2 === 0) {
      const campaign = await expectStatus(call<{ milestones: { id: string }[] }>('GET', `/campaigns/${id}`), 200, 'campaign');
      const m = campaign.milestones[0].id;
      await expectStatus(
        call('POST', `/campaigns/${id}/milestones/${m}/evidence`, promoter, {
          reportedValue: 120,
          description: 'Registro presenze',
          documents: [{ url: 'https://example.org/registro.pdf', sha256: 'a'.repeat(64) }],
        }),
        201,
        'evidence',
      );
      await expectStatus(
        call('POST', `/campaigns/${id}/milestones/${m}/verification`, verifier, { verifiedValue: 110, approved: true, notes: 'checked' }),
        200,
        'verification',
      );
      const milestoneTranche = await until(`milestone tranche of ${id}`, async () => {
        const r = await call<{ id: string; kind: string; status: string }[]>('GET', `/campaigns/${id}/tranches`);
        return r.body.find((t) => t.kind === 'milestone' && t.status === 'eligible');
      });
      await expectStatus(
        call('POST', `/tranches/${milestoneTranche.id}/release`, funder, undefined, { 'idempotency-key': randomUUID() }),
        200,
        'release milestone',
      );
    }
  }
  // External (IBAN) payouts: the treasury records each bank transfer of a released tranche.
  for (const id of ids) {
    const r = await call<{ id: string; status: string }[]>('GET', `/campaigns/${id}/tranches`);
    for (const t of r.body.filter((x) => x.status === 'released')) {
      await expectStatus(call('POST', `/tranches/${t.id}/confirm-payment`, funder, { bankReference: `BANK-${t.id.slice(0, 8)}` }), 200, 'confirm payment');
    }
  }
  return { campaignIds: ids, fundId: fund.id, callId: c.id };
}
