/** A ratio rule's parameters (matching-rules.md, "ratio"). Absent caps mean no limit. */
export interface RatioRule {
  numerator: number;
  denominator: number;
  maxMatchablePerPledge?: number;
  maxMatchPerPledge?: number;
  maxMatchPerDonorPerCampaign?: number;
  maxMatchedPledgesPerDonorPerCampaign?: number;
  maxMatchPerCampaign?: number;
}

/** What the rule has already matched (live: reserved or committed) and what its pool has. */
export interface RatioContext {
  matchedInCampaign: number;
  matchedForDonorInCampaign: number;
  matchedPledgesOfDonorInCampaign: number;
  poolAvailable: number;
}

/**
 * The match of one confirmed pledge, exactly as matching-rules.md states it:
 * base = min(amount, maxMatchablePerPledge); m = floor(base * numerator / denominator) (exact
 * integer arithmetic, floor); then the per-pledge, per-campaign, per-donor caps, the donor's
 * matched-pledge count, and the pool (a partial match when the pool runs short).
 */
export function ratioMatch(rule: RatioRule, amount: number, ctx: RatioContext): number {
  const base = Math.min(amount, rule.maxMatchablePerPledge ?? Infinity);
  let m = Number((BigInt(base) * BigInt(rule.numerator)) / BigInt(rule.denominator));
  m = Math.min(m, rule.maxMatchPerPledge ?? Infinity);
  m = Math.min(m, (rule.maxMatchPerCampaign ?? Infinity) - ctx.matchedInCampaign);
  m = Math.min(m, (rule.maxMatchPerDonorPerCampaign ?? Infinity) - ctx.matchedForDonorInCampaign);
  if (rule.maxMatchedPledgesPerDonorPerCampaign !== undefined && ctx.matchedPledgesOfDonorInCampaign >= rule.maxMatchedPledgesPerDonorPerCampaign) m = 0;
  m = Math.min(m, ctx.poolAvailable);
  return Math.max(0, m);
}
