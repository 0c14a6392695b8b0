import { allocate } from '@lib/ledger/money';

export interface PlannedTranche {
  kind: 'upfront' | 'milestone';
  milestoneId: string | null;
  position: number;
  sharePct: number;
  donorShare: number;
  matchShares: { fundId: string; amount: number }[];
}

/**
 * Splits what the campaign raised into its tranches: the upfront share and one per milestone, by
 * their percentages (which sum to 100). The crowd's money and each fund's match are split
 * separately with the largest-remainder rule (ledger/money.ts `allocate`: floors, leftover cents to
 * the largest remainders, ties to the earlier tranche), so each sums exactly to what was raised:
 * no cent is lost or invented. A 0% upfront share makes no upfront tranche.
 */
export function planTranches(input: {
  crowdAmount: number;
  matches: { fundId: string; amount: number }[];
  upfrontSharePct: number;
  milestones: { milestoneId: string; payoutSharePct: number }[];
}): PlannedTranche[] {
  const parts = [
    { kind: 'upfront' as const, milestoneId: null, pct: input.upfrontSharePct },
    ...input.milestones.map((m) => ({ kind: 'milestone' as const, milestoneId: m.milestoneId, pct: m.payoutSharePct })),
  ].filter((p) => p.pct > 0);
  if (parts.length === 0) return [];
  const weights = parts.map((p) => p.pct);
  const donor = allocate(input.crowdAmount, weights);
  const byFund = input.matches.map((m) => ({ fundId: m.fundId, shares: allocate(m.amount, weights) }));
  return parts.map((p, i) => ({
    kind: p.kind,
    milestoneId: p.milestoneId,
    position: i,
    sharePct: p.pct,
    donorShare: donor[i],
    matchShares: byFund.map((f) => ({ fundId: f.fundId, amount: f.shares[i] })),
  }));
}

/**
 * The part of a tranche component earned by a milestone's result (achievement in basis points):
 * binary — all when the target is met (10000 bps), else nothing; proportional — share × min(1,
 * achievement), floored, when at least minAchievementPct is reached, else nothing.
 */
export function earned(share: number, rule: 'binary' | 'proportional', achievementBps: number, minAchievementPct: number | null): number {
  if (rule === 'binary') return achievementBps >= 10000 ? share : 0;
  if (achievementBps < (minAchievementPct ?? 0) * 100) return 0;
  return Number((BigInt(share) * BigInt(Math.min(achievementBps, 10000))) / 10000n);
}

/**
 * Takes `amount` out of what tranches still hold unreleased (`held`, in plan order) for a refund
 * after funding closed: at most what they hold together (`covered`; the rest is the shortfall),
 * split in proportion to what each holds by the largest-remainder rule (ledger/money.ts
 * `allocate`: floors, leftover cents to the largest remainders, ties to the earlier tranche), so
 * no part exceeds what its tranche holds and the parts sum exactly to `covered`.
 */
export function takeFromUnreleased(amount: number, held: number[]): { covered: number; parts: number[] } {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError(`amount must be a non-negative integer, got ${amount}`);
  const total = held.reduce((sum, h) => sum + h, 0);
  const covered = Math.min(amount, total);
  if (covered === 0) return { covered: 0, parts: held.map(() => 0) };
  return { covered, parts: allocate(covered, held) };
}
