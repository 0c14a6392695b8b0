/**
 * The shapes of the API's answers, written once for the web client (only the fields the app reads). Each names the server
 * source it mirrors. Dates are ISO strings: that is what JSON carries, whatever the server's TypeScript type says. To be
 * generated from the OpenAPI document (openapi-typescript) once every controller declares its response schemas.
 */

/** apps/campaigns/src/domain/campaign.ts CAMPAIGN_STATUSES. */
export type CampaignStatus = 'draft' | 'submitted' | 'rejected' | 'scheduled' | 'live' | 'succeeded' | 'failed' | 'cancelled' | 'in_delivery' | 'completed';
/** apps/campaigns/src/persistence/milestone.entity.ts status. */
export type MilestoneStatus = 'pending' | 'evidence_submitted' | 'verified' | 'failed' | 'expired';

/** A campaign's milestone as GET /campaigns/:id sends it (apps/campaigns/src/persistence/milestone.entity.ts via toCampaignView). */
export interface Milestone {
  id: string;
  title: string;
  indicator: string;
  unit: string;
  baseline: number;
  target: number;
  dueAt: string;
  payoutSharePct: number;
  paymentRule: 'binary' | 'proportional';
  minAchievementPct: number | null;
  status: MilestoneStatus;
  verifiedValue: number | null;
}

/** apps/campaigns/src/queries/campaign-queries.ts CampaignView (toCampaignView); the server types its dates as Date, JSON sends ISO strings. */
export interface Campaign {
  id: string;
  promoterId: string;
  promoterName: string | null;
  callId: string | null;
  status: CampaignStatus;
  statusReason: string | null;
  title: string;
  summary: string;
  description: string;
  area: string;
  category: string;
  promoterType: string;
  goalAmount: number;
  currency: string;
  fundingModel: 'all_or_nothing' | 'keep_it_all';
  startsAt: string;
  endsAt: string;
  cofinancingAmount: number;
  upfrontSharePct: number;
  milestones: Milestone[];
  progress: { pledgedAmount: number; matchedAmount: number; backers: number; percent: number };
}

/** apps/campaigns/src/queries/campaign-queries.ts CampaignPage (GET /campaigns). */
export interface CampaignPage {
  items: Campaign[];
  page: number;
  pageSize: number;
  total: number;
}

/**
 * apps/campaigns/src/queries/call-queries.ts CallView (CallEntity + campaignCounts), GET /calls. The server's CallTerms
 * (apps/campaigns/src/domain/eligibility.ts) is the domain subset with `Date`s; over JSON opensAt/closesAt are ISO strings.
 */
export interface Call {
  id: string;
  ownerId: string;
  title: string;
  description: string;
  opensAt: string;
  closesAt: string;
  eligibleAreas: string[];
  categories: string[];
  promoterTypes: string[];
  currency: string;
  minGoalAmount: number;
  maxGoalAmount: number;
  minCofinancingPct: Record<string, number>;
  campaignCounts: Record<string, number>;
}

/** apps/pledges/src/queries/list-campaign-backers.query.ts Backer (GET /campaigns/:id/pledges). */
export interface Backer {
  amount: number;
  currency: string;
  displayName: string | null;
  message: string | null;
  confirmedAt: string;
}

/** apps/pledges/src/queries/list-campaign-backers.query.ts BackersPage. */
export interface BackersPage {
  campaignId: string;
  total: number;
  items: Backer[];
}

/** apps/pledges/src/http/pledges.controller.ts toPledgeView + matchQuote (POST /pledges) + payment.clientSecret (payments/attach-payment.interceptor.ts). */
export interface Pledge {
  id: string;
  campaignId: string;
  amount: number;
  currency: string;
  status: 'requires_payment' | 'confirmed' | 'failed' | 'refunded' | 'cancelled';
  refundedAmount: number;
  payment: { provider: string; clientSecret?: string };
  failureReason: string | null;
  createdAt: string;
  confirmedAt: string | null;
  matchQuote?: { amount: number; currency: string } | null;
}

/** apps/matching/src/engine/quotes.ts Quote (the fields the app reads). */
export interface Quote {
  amount: number;
  byFund: { fundId: string; ruleId: string; amount: number }[];
}

/** A campaign update, GET /campaigns/:id/updates (apps/campaigns/src/http/campaigns.controller.ts). */
export interface Update {
  id: string;
  title: string;
  body: string;
  createdAt: string;
}

/** A payout tranche, GET /campaigns/:id/tranches (apps/payouts/src/http/payouts.controller.ts). */
export interface Tranche {
  id: string;
  kind: 'upfront' | 'milestone';
  milestoneId?: string | null;
  amount: number;
  donorShare: number;
  dueAmount?: number | null;
  achievementBps?: number | null;
  matchShares: { fundId: string; amount: number }[];
  status: 'planned' | 'eligible' | 'released' | 'paid' | 'forfeited';
  payout?: { method: string } | null;
}

/** apps/matching/src/queries/get-fund.query.ts (FundView in apps/matching/src/http/funds.dto.ts); rules carry their params spread in. */
export interface Fund {
  id: string;
  ownerId: string;
  name: string;
  currency: string;
  budgetAmount: number;
  available: number;
  reserved: number;
  committed: number;
  spent: number;
  returned: number;
  sourceTags: string[];
  /** Declared split by source in basis points (sum 10000), or null. */
  sourceShares?: { source: string; shareBps: number }[] | null;
  closedAt: string | null;
  rules: { id: string; type: string; numerator?: number; denominator?: number; eligibility?: { callIds?: string[] } }[];
}

/**
 * apps/campaigns/src/queries/workspace-queries.ts EvidenceToVerify (GET /verifications/queue). The server declares dueAt and
 * submittedAt as `Date`; JSON sends them as ISO strings, which is what this type says.
 */
export interface EvidenceToVerify {
  campaignId: string;
  campaignTitle: string;
  area: string;
  milestoneId: string;
  milestoneTitle: string;
  indicator: string;
  unit: string;
  baseline: number;
  target: number;
  paymentRule: 'binary' | 'proportional';
  minAchievementPct: number | null;
  dueAt: string;
  evidence: { reportedValue: number; description: string; documents: { url: string; sha256: string }[]; submittedAt: string }[];
}

/** A row of GET /transparency/export?format=json, apps/payouts/src/queries/ledger.queries.ts (date: toISOString()). */
export interface PublicMoneyRow {
  date: string;
  fundId: string;
  sourceTags: string[];
  campaignId: string | null;
  trancheId: string | null;
  movement: string;
  amount: number;
  currency: string;
  status: string;
}

/** libs/platform/src/auth/auth-config.controller.ts ClientConfig (GET /auth/config). */
export interface ClientConfig {
  devTokens: boolean;
  oidc: { issuer: string; clientId: string; audience?: string } | null;
  payments: { provider: 'sandbox' | 'stripe'; stripePublishableKey: string | null };
}
