/** Set-up shared by the HTTP benchmarks: a call, a matching fund with a 1:1 ratio rule, live campaigns. */
import { aCall, aCampaign, isoIn } from '../../tests/support/fixtures';
import { Call, token } from './platform';

export interface Scenario {
  funder: string;
  campaignIds: string[];
  fundId: string;
}

/** The body of an answer with the expected status; otherwise an error saying what came instead. */
export async function expectStatus<T>(p: Promise<{ status: number; body: T }>, status: number, what: string): Promise<T> {
  const res = await p;
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  return res.body;
}

export async function liveCampaigns(call: Call, count: number, options: { endsInDays?: number; tag?: string } = {}): Promise<Scenario> {
  const tag = options.tag ?? String(Date.now());
  const funder = await token(call, `bench-funder-${tag}`, ['funder']);
  const promoter = await token(call, `bench-promoter-${tag}`, ['promoter']);
  const c = await expectStatus(call<{ id: string }>('POST', '/calls', funder, aCall({ maxGoalAmount: 1_000_000_000 })), 201, 'POST /calls');
  const fund = await expectStatus(
    call<{ id: string }>('POST', '/funds', funder, { name: `Bench fund ${tag}`, currency: 'EUR', budgetAmount: 1_000_000_000_00, sourceTags: ['bench'] }),
    201,
    'POST /funds',
  );
  await expectStatus(
    call('POST', `/funds/${fund.id}/rules`, funder, { type: 'ratio', numerator: 1, denominator: 1, eligibility: { callIds: [c.id] } }),
    201,
    'POST rule',
  );
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const draft = await expectStatus(
      call<{ id: string }>(
        'POST',
        '/campaigns',
        promoter,
        aCampaign(c.id, { title: `Bench campaign ${i}`, goalAmount: 100_000_000, cofinancingAmount: 10_000_000, endsAt: isoIn(options.endsInDays ?? 30) }),
      ),
      201,
      'POST /campaigns',
    );
    await expectStatus(call('POST', `/campaigns/${draft.id}/submit`, promoter), 200, 'submit');
    await expectStatus(call('POST', `/campaigns/${draft.id}/approve`, funder), 200, 'approve');
    ids.push(draft.id);
  }
  return { funder, campaignIds: ids, fundId: fund.id };
}

/** Waits until the pledges service accepts pledges for every campaign (it learns them from an event). */
export async function waitAcceptingPledges(call: Call, campaignIds: string[], timeoutMs = 60_000): Promise<void> {
  const t0 = Date.now();
  for (const id of campaignIds) {
    for (;;) {
      const res = await call('GET', `/campaigns/${id}/pledges`);
      // the backers list answers 404 until the campaign's event has reached the pledges service
      if (res.status === 200) break;
      if (Date.now() - t0 > timeoutMs) throw new Error(`pledges service did not learn campaign ${id} within ${timeoutMs} ms (last ${res.status})`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
