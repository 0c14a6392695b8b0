import { CampaignContributions, finalizeRound, QuadraticParams, QuadraticRound } from './quadratic';

/** A quadratic rule's stored parameters: the round's window and its caps (docs/matching-rules.md). */
export type RoundParams = Omit<QuadraticParams, 'pool'> & { roundStartsAt: string; roundEndsAt: string; minContributionAmount?: number };

/** The smallest pledge a round counts (1 cent when the rule sets none). */
export function minContribution(params: Pick<RoundParams, 'minContributionAmount'>): number {
  return params.minContributionAmount ?? 1;
}

/**
 * Each eligible campaign's donor sums (every eligible campaign present, in the given order, even
 * without pledges), plus an optional pledge not made yet — counted only for an eligible campaign
 * and when it reaches the minimum contribution.
 */
export function groupContributions(
  eligible: readonly string[],
  sums: readonly { campaignId: string; donorId: string; total: number }[],
  min: number,
  extra?: { campaignId: string; donorId: string; amount: number },
): CampaignContributions[] {
  const byCampaign = new Map<string, Map<string, number>>(eligible.map((id) => [id, new Map()]));
  for (const s of sums) byCampaign.get(s.campaignId)!.set(s.donorId, s.total);
  if (extra && byCampaign.has(extra.campaignId) && extra.amount >= min) {
    const donors = byCampaign.get(extra.campaignId)!;
    donors.set(extra.donorId, (donors.get(extra.donorId) ?? 0) + extra.amount);
  }
  return [...byCampaign.entries()].map(([campaignId, donors]) => ({ campaignId, donorSums: [...donors.values()] }));
}

/** The round's figures for a pool and the contributions (the rule's caps and options). */
export function computeRound(params: RoundParams, pool: number, contributions: CampaignContributions[]): QuadraticRound {
  const { capBps, capAmount, minUniqueDonors, scaleUpWhenUnsaturated } = params;
  return finalizeRound({ pool, capBps, capAmount, minUniqueDonors, scaleUpWhenUnsaturated }, contributions);
}

/** A round not final yet: open before its end, closing after (awaiting the cut-off tally). */
export function roundStatus(now: Date, params: Pick<RoundParams, 'roundEndsAt'>): 'open' | 'closing' {
  return now < new Date(params.roundEndsAt) ? 'open' : 'closing';
}

/** Whether a quote may estimate a round's gain now: only inside [roundStartsAt, roundEndsAt). */
export function roundQuotable(now: Date, params: Pick<RoundParams, 'roundStartsAt' | 'roundEndsAt'>): boolean {
  return !(now < new Date(params.roundStartsAt) || now >= new Date(params.roundEndsAt));
}

/** What a pledge adds to a campaign's estimate: the match after less the match before, never negative. */
export function estimateGain(before: QuadraticRound, after: QuadraticRound, campaignId: string): number {
  const matchOf = (round: QuadraticRound) => round.results.find((r) => r.campaignId === campaignId)?.matchAmount ?? 0;
  return Math.max(0, matchOf(after) - matchOf(before));
}

/** Whether matching holds, for each campaign of the tally, at least the pledges announced before the cut-off. */
export function holdsTallied(tallies: readonly { campaignId: string; announced: number }[], held: ReadonlyMap<string, number>): boolean {
  return tallies.every((t) => (held.get(t.campaignId) ?? 0) >= t.announced);
}
