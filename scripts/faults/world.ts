/** The world of the run: its users, funds and campaigns, what the driver saw of them, and the faults injected. */
import { randomUUID } from 'node:crypto';
import { http, unexpected } from './http';

export type Kind = 'ratio' | 'failing' | 'quadratic';
export interface Campaign {
  id: string;
  kind: Kind; // ratio: keep-it-all on call A (ratio + threshold funds); failing: all-or-nothing on call A that
  //             misses its goal; quadratic: keep-it-all on call B, matched by the quadratic round only
  promoter: string; // token
  endsAt: number;
  milestoneId: string;
  keys: number; // idempotency keys used for pledges
  confirmed: Map<string, { amount: number; donor: string }>;
  /** paid, but refunded by the platform before it counted (refund seen before success, paid after close) */
  neverCounted: Map<string, { amount: number; why: string }>;
  closedPledges: number;
  done: boolean;
  releases: number;
}
export const tokens = {} as {
  funder: string;
  funderId: string;
  admin: string;
  verifier: string;
  promoters: string[];
  citizens: { id: string; token: string }[];
};
export const campaigns: Campaign[] = [];
/** the funds and rules set up, the round's end, and whether pledging is over */
export const world = { fundId: '', thresholdFundId: '', thresholdRuleId: '', quadFundId: '', quadRuleId: '', roundEndsAt: 0, pledgesStopped: false };
export const faults: { what: string; at: number; downMs: number; detail: string }[] = [];
export const webhookStats = { delivered: 0, duplicates: 0, lateFailures: 0, refundBeforeSuccess: 0, paidAfterClose: 0 };

export async function token(sub: string, roles: string[]): Promise<string> {
  const r = await http('POST', '/auth/dev-token', { body: { sub, roles }, idempotent: true });
  if (r.status !== 201) unexpected('dev token', r);
  return r.body.token as string;
}

export async function createFund(name: string, budgetAmount: number, rule: Record<string, unknown>): Promise<{ fundId: string; ruleId: string }> {
  const fund = await http('POST', '/funds', {
    token: tokens.funder,
    idem: randomUUID(),
    body: { name, currency: 'EUR', budgetAmount, sourceTags: ['municipal'] },
  });
  if (fund.status !== 201) unexpected(`create fund ${name}`, fund);
  const r = await http('POST', `/funds/${fund.body.id}/rules`, { token: tokens.funder, idem: randomUUID(), body: rule });
  if (r.status !== 201) unexpected(`create rule of ${name}`, r);
  return { fundId: fund.body.id, ruleId: r.body.id };
}
