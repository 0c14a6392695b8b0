import { dec } from './platform';
/**
 * How many requests the pledges service's group commits wrote per transaction while measuring:
 * civic_group_commit_items (GroupCommit's histogram) read from /metrics before and after a level.
 */
export type GroupCounters = Record<string, { sum: number; count: number }>;

export async function groupCounters(pledgesUrl: string): Promise<GroupCounters> {
  const text = await fetch(`${pledgesUrl}/metrics`)
    .then((r) => r.text())
    .catch(() => '');
  const counters: GroupCounters = {};
  for (const m of text.matchAll(/^civic_group_commit_items_(sum|count)\{group="([^"]+)"\} ([\d.e+]+)$/gm)) {
    const c = (counters[m[2]] ??= { sum: 0, count: 0 });
    c[m[1] as 'sum' | 'count'] = Number(m[3]);
  }
  return counters;
}

/** "pledges.create 7.4 per transaction (412 transactions) · …" between two readings. */
export function groupSizes(before: GroupCounters, after: GroupCounters): string {
  const parts = Object.entries(after).map(([group, a]) => {
    const b = before[group] ?? { sum: 0, count: 0 };
    const transactions = a.count - b.count;
    return transactions > 0 ? `${group} ${dec((a.sum - b.sum) / transactions, 1)} per transaction (${transactions} transactions)` : '';
  });
  return parts.filter(Boolean).join(' · ') || 'no group commits seen';
}
