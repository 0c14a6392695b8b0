/** The platform's public HTTP API, same origin, with the session's bearer token. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
    readonly reasons: string[] = [],
  ) {
    super(message);
  }
}

let token: string | null = null;
export function setApiToken(value: string | null): void {
  token = value;
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...init.headers };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const type = res.headers.get('content-type') ?? '';
  const body: unknown = type.includes('application/json') ? await res.json() : await res.text();
  if (!res.ok) {
    const e = (typeof body === 'object' && body !== null ? body : {}) as { code?: string; message?: string | string[]; details?: { reasons?: string[] } };
    const message = Array.isArray(e.message) ? e.message.join('; ') : (e.message ?? `HTTP ${res.status}`);
    throw new ApiError(res.status, e.code, message, e.details?.reasons ?? (Array.isArray(e.message) ? e.message : []));
  }
  return body as T;
}

export const post = <T>(path: string, body: unknown = {}, headers?: Record<string, string>) => api<T>(path, { method: 'POST', body, headers });

// ---- shapes of the API's answers (only the fields the app reads) ----

export type CampaignStatus = 'draft' | 'submitted' | 'rejected' | 'scheduled' | 'live' | 'succeeded' | 'failed' | 'cancelled' | 'in_delivery' | 'completed';
export type MilestoneStatus = 'pending' | 'evidence_submitted' | 'verified' | 'failed' | 'expired';

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

export interface CampaignPage {
  items: Campaign[];
  page: number;
  pageSize: number;
  total: number;
}

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

export interface Backer {
  amount: number;
  currency: string;
  displayName: string | null;
  message: string | null;
  confirmedAt: string;
}

export interface BackersPage {
  campaignId: string;
  total: number;
  items: Backer[];
}

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

export interface Quote {
  amount: number;
  byFund: { fundId: string; ruleId: string; amount: number }[];
}

export interface Update {
  id: string;
  title: string;
  body: string;
  createdAt: string;
}

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

export interface ClientConfig {
  devTokens: boolean;
  oidc: { issuer: string; clientId: string; audience?: string } | null;
  payments: { provider: 'sandbox' | 'stripe'; stripePublishableKey: string | null };
}

export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
