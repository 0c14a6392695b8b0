/** A threshold rule's parameters (matching-rules.md, "threshold"). */
export interface ThresholdRule {
  thresholdBps?: number;
  thresholdAmount?: number;
  minBackers?: number;
  grantAmount?: number;
  grantBpsOfGoal?: number;
  maxGrantAmount?: number;
  maxCountedPerBacker?: number;
  partialWhenPoolShort?: boolean;
}

/** Each backer's live total (confirmed, not refunded) in the campaign. */
export type BackerTotals = ReadonlyMap<string, number> | readonly number[];

/**
 * Whether the campaign's crowd has reached the threshold:
 * crowd = Σ min(backer total, maxCountedPerBacker); amountOk = crowd*10000 ≥ thresholdBps*goal
 * or crowd ≥ thresholdAmount (true when neither is set); backersOk = backers ≥ minBackers.
 * Integer comparisons only (no division).
 */
export function thresholdReached(rule: ThresholdRule, goal: number, backers: BackerTotals): boolean {
  const totals = [...(Array.isArray(backers) ? backers : (backers as ReadonlyMap<string, number>).values())].filter((t) => t > 0);
  const crowd = totals.reduce((sum, t) => sum + Math.min(t, rule.maxCountedPerBacker ?? Infinity), 0);
  const byBps = rule.thresholdBps !== undefined && BigInt(crowd) * 10000n >= BigInt(rule.thresholdBps) * BigInt(goal);
  const byAmount = rule.thresholdAmount !== undefined && crowd >= rule.thresholdAmount;
  const amountOk = rule.thresholdBps === undefined && rule.thresholdAmount === undefined ? true : byBps || byAmount;
  const backersOk = rule.minBackers === undefined || totals.length >= rule.minBackers;
  return amountOk && backersOk;
}

/** grant = grantAmount, or floor(goal * grantBpsOfGoal / 10000); then capped by maxGrantAmount. */
export function thresholdGrant(rule: ThresholdRule, goal: number): number {
  const grant = rule.grantAmount ?? Number((BigInt(goal) * BigInt(rule.grantBpsOfGoal ?? 0)) / 10000n);
  return Math.min(grant, rule.maxGrantAmount ?? Infinity);
}

/** What to reserve when the threshold first triggers: the grant, or the rest of a short pool (partialWhenPoolShort, default true). */
export function thresholdReservation(rule: ThresholdRule, goal: number, poolAvailable: number): number {
  const grant = thresholdGrant(rule, goal);
  if (grant <= poolAvailable) return grant;
  return rule.partialWhenPoolShort === false ? 0 : poolAvailable;
}
