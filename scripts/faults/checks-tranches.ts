/** A succeeding campaign's money in the payouts ledger: each pledge collected once, each match escrowed once, each tranche released and paid once. */
import type { CheckContext } from './check-context';
import { http } from './http';
import { tranchesOf } from './load';
import { check, Movement, same, sumOf } from './report';
import { Campaign } from './world';

/** what the driver expects of one campaign */
export type Expected = { tag: string; n: number; sum: number; match: number; ids: Set<string> };

export async function checkPaidOut(ctx: CheckContext, c: Campaign, { tag, n, sum, match, ids }: Expected): Promise<void> {
  const { ledgerTranches, refs } = ctx;
  // payouts ledger: one pledge_collected per pledge into the crowd escrow; every match once
  const lg = await http('GET', `/ledger/campaigns/${c.id}`);
  const mv2 = lg.body.movements as Movement[];
  const collected = mv2.filter((m) => m.kind === 'pledge_collected');
  check(
    `${tag}: payouts escrow collected each pledge once`,
    collected.length === n &&
      new Set(collected.map((m) => m.reference)).size === n &&
      sumOf(collected, (m) => m.amount) === sum &&
      collected.every((m) => m.destination === `escrow:campaign:${c.id}:crowd`) &&
      same(new Set(collected.map((m) => m.reference.split(':')[1])), ids),
    `ledger pledge_collected ${collected.length} / ${sumOf(collected, (m) => m.amount)}; expected ${n} / ${sum}`,
  );
  const committed = mv2.filter((m) => m.kind === 'match_committed');
  check(
    `${tag}: payouts escrow received each fund's match once`,
    sumOf(committed, (m) => m.amount) === match && new Set(committed.map((m) => m.reference)).size === committed.length,
    `match_committed ${committed.length} movements / ${sumOf(committed, (m) => m.amount)}, expected ${match}`,
  );
  const balances = lg.body.accounts as { account: string; balance: number }[];
  const left = sumOf(
    balances.filter((b) => b.account.startsWith(`escrow:campaign:${c.id}:`)),
    (b) => b.balance,
  );
  check(`${tag}: escrow empty after every tranche paid`, left === 0, JSON.stringify(balances));

  // no tranche paid twice
  const ts = await tranchesOf(c);
  check(
    `${tag}: two tranches, both paid, covering crowd + match`,
    ts.length === 2 && ts.every((t) => t.status === 'paid') && sumOf(ts, (t) => t.amount) === sum + match,
    JSON.stringify(ts.map((t) => [t.kind, t.status, t.amount])) + ` expected total ${sum + match}`,
  );
  for (const t of ts) {
    const per = { released: 0, releasedTx: new Set<string>(), paid: 0, paidTx: new Set<string>() };
    for (const m of mv2.filter((x) => x.tranche_id === t.id)) {
      if (m.kind === 'tranche_released') {
        per.released += m.amount;
        per.releasedTx.add(m.reference);
      }
      if (m.kind === 'tranche_paid') {
        per.paid += m.amount;
        per.paidTx.add(m.reference);
      }
    }
    ledgerTranches.set(t.id, per);
    const ref = t.payout.reference ?? '';
    check(
      `${tag} tranche ${t.kind}: released once and paid once, for its amount`,
      per.releasedTx.size === 1 &&
        per.paidTx.size === 1 &&
        per.released === t.amount &&
        per.paid === t.amount &&
        t.dueAmount === t.amount &&
        ref !== '' &&
        !refs.has(ref),
      `released ${per.releasedTx.size} tx / ${per.released}, paid ${per.paidTx.size} tx / ${per.paid}, amount ${t.amount}, due ${t.dueAmount}, transfer ${ref}${refs.has(ref) ? ` (also tranche ${refs.get(ref)})` : ''}`,
    );
    refs.set(ref, t.id);
  }
}
