import { CampaignCancelled, CampaignFailed, CampaignSucceeded } from './campaigns/campaign-lifecycle.v1';
import { CampaignPublished } from './campaigns/campaign-published.v1';
import { MilestoneExpired, MilestoneFailed, MilestoneVerified } from './campaigns/milestone-outcomes.v1';
import { MatchFinalized, MatchUpdated, MatchWithdrawn } from './matching/match-finalized.v1';
import { RoundCutoffRequested } from './matching/round-cutoff-requested.v1';
import { DonorShareRefundRequested, FundsReturned, TrancheReleased, TranchesSettled } from './payouts/funds-returned.v1';
import { DonorShareRefunded, FundingClosed, PledgeConfirmed, PledgeFailed, PledgeRefunded } from './pledges/pledge-events.v1';
import { RoundCutoffTallied } from './pledges/round-cutoff-tallied.v1';
import { EventContract } from './registry';

export * from './envelope';
export * from './registry';
export * from './campaigns/campaign-published.v1';
export * from './campaigns/campaign-lifecycle.v1';
export * from './campaigns/milestone-outcomes.v1';
export * from './pledges/pledge-events.v1';
export * from './matching/match-finalized.v1';
export * from './matching/source-shares.v1';
export * from './matching/round-cutoff-requested.v1';
export * from './pledges/round-cutoff-tallied.v1';
export * from './payouts/funds-returned.v1';

/** Every contract the platform's services exchange. New versions are added, never edited in place. */
export const ALL_CONTRACTS: readonly EventContract[] = [
  CampaignPublished,
  CampaignCancelled,
  CampaignSucceeded,
  CampaignFailed,
  MilestoneVerified,
  MilestoneFailed,
  MilestoneExpired,
  PledgeConfirmed,
  PledgeRefunded,
  PledgeFailed,
  FundingClosed,
  DonorShareRefunded,
  RoundCutoffTallied,
  MatchFinalized,
  MatchUpdated,
  MatchWithdrawn,
  RoundCutoffRequested,
  FundsReturned,
  TrancheReleased,
  DonorShareRefundRequested,
  TranchesSettled,
];
