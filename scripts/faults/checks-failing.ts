/** All-or-nothing campaigns that fail: the refund saga refunds every pledge exactly once and releases every match. */
import { euros } from './config';
import type { CheckContext } from './check-context';
import { http } from './http';
import { tranchesOf } from './load';
import { check, Movement, same, section, sumOf } from './report';
import { campaigns } from './world';

export async function checkFailing(ctx: CheckContext): Promise<void> {
  const { db, mine } = ctx;
  const failing = campaigns.filter((c) => c.kind === 'failing');
  if (failing.length > 0) {
    section('all-or-nothing campaigns that fail: refund saga (every pledge refunded exactly once, every match released)');
    for (const c of failing) {
      const tag = `campaign ${c.id.slice(0, 8)} (failing)`;
      const expected = [...c.confirmed.entries()];
      const n = expected.length;
      const sum = sumOf(expected, ([, p]) => p.amount);
      const ids = new Set(expected.map(([id]) => id));
      const cv = await http('GET', `/campaigns/${c.id}`);
      check(`${tag}: failed, with ${n} paid pledges (EUR ${euros(sum)}) to refund`, cv.body.status === 'failed' && n > 0, `${cv.body.status}, ${n} pledges`);
      const rows = (
        await db.query(`SELECT id, status, amount_minor::bigint AS amount, refunded_amount::bigint AS refunded FROM pledges.pledges WHERE campaign_id = $1`, [
          c.id,
        ])
      ).rows;
      const refunded = rows.filter((r) => r.status === 'refunded');
      const paidIds = new Set([...ids, ...c.neverCounted.keys()]);
      check(
        `${tag}: every paid pledge refunded in full, none left confirmed`,
        same(new Set(refunded.map((r) => r.id as string)), paidIds) && rows.every((r) => r.status !== 'confirmed'),
        `refunded ${refunded.length} of ${paidIds.size} paid; statuses ${JSON.stringify(rows.reduce((m: Record<string, number>, r) => ((m[r.status] = (m[r.status] ?? 0) + 1), m), {}))}`,
      );
      const events = (
        await db.query(
          `SELECT envelope->'payload'->>'pledgeId' AS pledge, count(*)::int AS n FROM pledges.outbox_messages WHERE event_type LIKE 'pledge.refunded%' AND envelope->'payload'->>'campaignId' = $1 GROUP BY 1`,
          [c.id],
        )
      ).rows;
      check(
        `${tag}: one pledge.refunded event per counted pledge`,
        events.length === n && events.every((e) => e.n === 1 && ids.has(e.pledge)),
        `${events.length} pledges with refund events (${events
          .filter((e) => e.n !== 1)
          .map((e) => `${e.pledge} x${e.n}`)
          .join(', ')}), expected ${n}`,
      );
      const api = [...mine.values()].filter((p) => p.campaignId === c.id && ids.has(p.id));
      check(
        `${tag}: GET /me/pledges shows each refunded`,
        api.length === n && api.every((p) => p.status === 'refunded' && p.refundedAmount === p.amount),
        `${api.filter((p) => p.status === 'refunded').length}/${n}`,
      );
      const lg = await http('GET', `/ledger/campaigns/${c.id}`);
      const mv2 = lg.body.movements as Movement[];
      const coll = mv2.filter((m) => m.kind === 'pledge_collected');
      const back = mv2.filter((m) => m.kind === 'pledge_refunded');
      check(
        `${tag}: ledger collected each pledge once and refunded it once`,
        coll.length === n &&
          back.length === n &&
          new Set(back.map((m) => m.reference)).size === n &&
          sumOf(back, (m) => m.amount) === sum &&
          sumOf(coll, (m) => m.amount) === sum,
        `pledge_collected ${coll.length} / ${sumOf(coll, (m) => m.amount)}, pledge_refunded ${back.length} (${new Set(back.map((m) => m.reference)).size} refs) / ${sumOf(back, (m) => m.amount)}; expected ${n} / ${sum}`,
      );
      const balances = lg.body.accounts as { account: string; balance: number }[];
      check(
        `${tag}: escrow empty, no tranche`,
        sumOf(
          balances.filter((b) => b.account.startsWith(`escrow:campaign:${c.id}:`)),
          (b) => b.balance,
        ) === 0 &&
          (await tranchesOf(c)).length === 0 &&
          !mv2.some((m) => m.kind === 'match_committed'),
        JSON.stringify(balances),
      );
      const live = (await db.query(`SELECT status, count(*)::int AS n FROM matching.match_allocations WHERE campaign_id = $1 GROUP BY 1`, [c.id])).rows;
      const mv = await http('GET', `/campaigns/${c.id}/match`);
      check(
        `${tag}: every reserved match (ratio and threshold) released to its fund`,
        live.every((r) => r.status === 'released') && mv.body.reservedAmount === 0 && mv.body.committedAmount === 0,
        `allocations ${JSON.stringify(live)}, match ${JSON.stringify(mv.body).slice(0, 200)}`,
      );
    }
  }
}
