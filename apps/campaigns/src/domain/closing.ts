export type FundingModel = 'all_or_nothing' | 'keep_it_all';

export interface FinalFigures {
  fundingModel: FundingModel;
  goalAmount: number;
  crowdAmount: number;
  matchAmount: number;
}

export interface Outcome {
  outcome: 'succeeded' | 'failed';
  reason: string;
}

/**
 * The campaign's result from the final figures of pledges (crowd) and matching (match):
 * all-or-nothing succeeds when crowd + committed match reach the goal; keep-it-all succeeds with
 * any confirmed pledge. Amounts are integer cents; no division, so no rounding.
 */
export function decideOutcome(f: FinalFigures): Outcome {
  const raised = f.crowdAmount + f.matchAmount;
  if (f.fundingModel === 'keep_it_all') {
    return f.crowdAmount > 0
      ? { outcome: 'succeeded', reason: `keep-it-all: ${f.crowdAmount} cents pledged by the crowd, ${f.matchAmount} matched` }
      : { outcome: 'failed', reason: 'keep-it-all: no confirmed pledge' };
  }
  return raised >= f.goalAmount
    ? { outcome: 'succeeded', reason: `all-or-nothing: raised ${raised} of ${f.goalAmount} cents (crowd ${f.crowdAmount}, match ${f.matchAmount})` }
    : { outcome: 'failed', reason: `all-or-nothing: raised ${raised} of ${f.goalAmount} cents (crowd ${f.crowdAmount}, match ${f.matchAmount})` };
}

/** The closing decision waits for both figures; it is taken only for a campaign still taking pledges (not cancelled meanwhile). */
export function awaitsClosingDecision(status: string): boolean {
  return status === 'live' || status === 'scheduled';
}

/**
 * Where the outcome takes the campaign: a success moves straight to delivery, or is complete
 * already when it has no milestone (100% upfront); a failure stays failed.
 */
export function statusAfterClose(outcome: Outcome['outcome'], milestones: number): 'failed' | 'in_delivery' | 'completed' {
  if (outcome === 'failed') return 'failed';
  return milestones === 0 ? 'completed' : 'in_delivery';
}
