/** The load: pledging clients on every open campaign, and each campaign's lifecycle after its deadline. */
import { randomUUID } from 'node:crypto';
import { SEED, prng, sleep } from './config';
import { count, http, stats, unexpected } from './http';
import { pay } from './payments';
import { waitFor } from './support';
import { Campaign, campaigns, tokens, webhookStats, world } from './world';

export async function pledgeWorker(w: number): Promise<number> {
  const rnd = prng(SEED * 31 + w + 1);
  let made = 0;
  while (!world.pledgesStopped) {
    const now = Date.now();
    const open = campaigns.filter((c) => c.endsAt - now > 4_000);
    if (open.length === 0) break;
    const c = open[Math.floor(rnd() * open.length)];
    const citizen = tokens.citizens[Math.floor(rnd() * tokens.citizens.length)];
    const amount = 100 + Math.floor(rnd() * 4_900);
    const key = randomUUID();
    c.keys++;
    made++;
    const created = await http('POST', '/pledges', { token: citizen.token, idem: key, body: { campaignId: c.id, amount, currency: 'EUR' } });
    if (created.status === 409 && Date.now() >= c.endsAt) {
      // the retries outlived the campaign's deadline: refused, and counted nowhere
      count(stats.expectedRefusals, 'pledge refused: campaign closed during the retries');
      continue;
    }
    if (created.status !== 201) unexpected(`POST /pledges (${c.id})`, created);
    const id = created.body.id as string;
    const outcome = await pay(c, id, amount, citizen, rnd);
    if (outcome === 'closed-unpaid') {
      count(stats.expectedRefusals, 'pledge unpaid at funding close (cancelled)');
      c.closedPledges++;
      continue;
    }
    if (c.confirmed.has(id) || c.neverCounted.has(id)) throw new Error(`pledge ${id} paid twice by the driver`);
    if (outcome === 'confirmed') c.confirmed.set(id, { amount, donor: citizen.id });
    else {
      c.neverCounted.set(id, { amount, why: outcome });
      if (outcome === 'paid-after-close') {
        webhookStats.paidAfterClose++;
        count(stats.expectedRefusals, 'paid after funding closed (refunded at once)');
      }
    }
    await sleep(50 + Math.floor(rnd() * 100));
  }
  return made;
}

export type Tranche = {
  id: string;
  kind: string;
  status: string;
  amount: number;
  dueAmount: number | null;
  payout: { method: string | null; reference: string | null };
};

export async function tranchesOf(c: Campaign): Promise<Tranche[]> {
  const r = await http('GET', `/campaigns/${c.id}/tranches`);
  if (r.status !== 200) unexpected('GET tranches', r);
  return r.body;
}

export async function release(c: Campaign, t: Tranche): Promise<void> {
  const r = await http('POST', `/tranches/${t.id}/release`, { token: tokens.funder, idem: `release-${t.id}` });
  if (r.status !== 200 || !['released', 'paid'].includes(r.body.status)) unexpected(`release ${t.id}`, r);
  c.releases++;
}

/** One campaign after its deadline: success, upfront tranche released, evidence, verification, milestone tranche released. */
export async function lifecycle(c: Campaign): Promise<void> {
  await sleep(Math.max(0, c.endsAt - Date.now()));
  const status = await waitFor(`campaign ${c.id} to close`, async () => {
    const r = await http('GET', `/campaigns/${c.id}`);
    if (r.status !== 200) unexpected('GET campaign', r);
    return ['in_delivery', 'failed', 'completed'].includes(r.body.status) ? (r.body.status as string) : undefined;
  });
  if (c.kind === 'failing') {
    // all-or-nothing below its goal: failed; the refund saga is checked once the system is quiet
    if (status !== 'failed') throw new Error(`all-or-nothing campaign ${c.id} ended ${status}, expected failed`);
    c.done = true;
    return;
  }
  if (status !== 'in_delivery') throw new Error(`campaign ${c.id} (${c.kind}) ended ${status}, expected in_delivery`);
  const planned = await waitFor(`tranches of ${c.id}`, async () => {
    const ts = await tranchesOf(c);
    return ts.length === 2 ? ts : undefined;
  });
  await release(c, planned[0]);
  const ev = await http('POST', `/campaigns/${c.id}/milestones/${c.milestoneId}/evidence`, {
    token: c.promoter,
    body: { reportedValue: 12, description: 'households served, register attached', documents: [] },
  });
  if (!(ev.status === 201 || (ev.status === 409 && ev.ambiguous))) unexpected('evidence', ev);
  const ver = await http('POST', `/campaigns/${c.id}/milestones/${c.milestoneId}/verification`, {
    token: tokens.verifier,
    body: { verifiedValue: 12, approved: true, notes: 'checked' },
  });
  if (!(ver.status === 200 || (ver.status === 409 && ver.ambiguous && (await milestoneStatus(c)) === 'verified'))) unexpected('verification', ver);
  const eligible = await waitFor(`milestone tranche of ${c.id} to become eligible`, async () => {
    const ts = await tranchesOf(c);
    return ts[1].status === 'eligible' ? ts[1] : undefined;
  });
  await release(c, eligible);
  c.done = true;
}

async function milestoneStatus(c: Campaign): Promise<string> {
  const r = await http('GET', `/campaigns/${c.id}`);
  return r.body.milestones.find((m: { id: string }) => m.id === c.milestoneId)?.status;
}
