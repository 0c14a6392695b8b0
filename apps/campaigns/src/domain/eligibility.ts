/** The facts of a call that decide whether a campaign may enter it. */
export interface CallTerms {
  opensAt: Date;
  closesAt: Date;
  eligibleAreas: string[];
  categories: string[];
  promoterTypes: string[];
  currency: string;
  minGoalAmount: number;
  maxGoalAmount: number;
  minCofinancingPct: Record<string, number>;
  maxCampaigns: number | null;
}

export interface CampaignFacts {
  area: string;
  category: string;
  promoterType: string;
  currency: string;
  goalAmount: number;
  cofinancingAmount: number;
  upfrontSharePct: number;
  endsAt: Date;
  milestones: { payoutSharePct: number; dueAt: Date }[];
}

/**
 * Every reason a campaign cannot be submitted to a call (empty = eligible). All rules are checked,
 * so the promoter sees the whole list at once. Co-financing is compared exactly in integers:
 * cofinancing * 100 >= goal * minPct (no division, no rounding).
 */
export function eligibilityProblems(call: CallTerms, c: CampaignFacts, now: Date, campaignsInCall: number): string[] {
  const problems: string[] = [];
  if (now < call.opensAt || now >= call.closesAt) problems.push(`the call is not open (open ${call.opensAt.toISOString()} to ${call.closesAt.toISOString()})`);
  if (call.maxCampaigns !== null && campaignsInCall >= call.maxCampaigns) problems.push(`the call is full (${call.maxCampaigns} campaigns)`);
  if (!call.eligibleAreas.includes(c.area)) problems.push(`area "${c.area}" is not eligible (eligible: ${call.eligibleAreas.join(', ')})`);
  if (!call.categories.includes(c.category)) problems.push(`category "${c.category}" is not eligible (eligible: ${call.categories.join(', ')})`);
  if (!call.promoterTypes.includes(c.promoterType)) problems.push(`promoter type "${c.promoterType}" is not eligible`);
  if (c.currency !== call.currency) problems.push(`currency ${c.currency} differs from the call's ${call.currency}`);
  if (c.goalAmount < call.minGoalAmount || c.goalAmount > call.maxGoalAmount) {
    problems.push(`goal ${c.goalAmount} is outside the call's range ${call.minGoalAmount}..${call.maxGoalAmount} cents`);
  }
  const minPct = call.minCofinancingPct[c.promoterType] ?? 0;
  if (c.cofinancingAmount * 100 < c.goalAmount * minPct) {
    problems.push(`co-financing ${c.cofinancingAmount} is below the minimum ${minPct}% of the goal for ${c.promoterType}`);
  }
  const shares = c.milestones.reduce((s, m) => s + m.payoutSharePct, c.upfrontSharePct);
  if (shares !== 100) problems.push(`upfront and milestone shares sum to ${shares}, not 100`);
  c.milestones.forEach((m, i) => {
    if (m.dueAt <= c.endsAt) problems.push(`milestone ${i + 1} is due before the campaign ends`);
  });
  return problems;
}
