import { DomainError } from '@lib/platform/errors/domain-error';
import type { Actor } from '@lib/platform/auth/roles';
import { PayoutsErrorCode } from '../payouts.errors';
import { earned } from './tranches';

/**
 * The tranche's state machine: planned → eligible (upfront at once; a milestone by its verified
 * result) → released (its due money leaves the escrow) → paid; planned/eligible → forfeited when
 * nothing is left to release. These are the decisions; the repositories load and save.
 */
export type TrancheStatus = 'planned' | 'eligible' | 'released' | 'paid' | 'forfeited';
export type FailedMilestonePolicy = 'release_donor_share' | 'refund_donor_share';

/** At the plan: the upfront tranche is eligible for all it holds; a milestone tranche waits, nothing due yet. */
export function initialState(
  kind: 'upfront' | 'milestone',
  donorShare: number,
): { status: TrancheStatus; dueDonor: number | null; shareDue: (amount: number) => number | null } {
  if (kind === 'upfront') return { status: 'eligible', dueDonor: donorShare, shareDue: (amount) => amount };
  return { status: 'planned', dueDonor: null, shareDue: () => null };
}

/** Only an eligible tranche can be released. */
export function assertReleasable(t: { id: string; status: string }): void {
  if (t.status !== 'eligible')
    throw new DomainError(PayoutsErrorCode.TRANCHE_NOT_ELIGIBLE, 'conflict', `Tranche ${t.id} is ${t.status}; only an eligible tranche can be released`);
}

/** Only a released tranche awaiting an external bank payment can have that payment confirmed. */
export function assertAwaitingBankPayment(t: { id: string; status: string; payoutMethod: string | null }): void {
  if (t.status !== 'released' || t.payoutMethod !== 'external') {
    throw new DomainError(
      PayoutsErrorCode.TRANCHE_NOT_AWAITING_BANK_PAYMENT,
      'conflict',
      `Tranche ${t.id} is ${t.status} and not awaiting an external payment`,
    );
  }
}

/** A tranche the provider still has to pay: released, and not left to the funder's treasury (external). */
export function awaitsTransfer(t: { status: string; payoutMethod: string | null } | null): boolean {
  return t !== null && t.status === 'released' && t.payoutMethod !== 'external';
}

export type PayoutRoute = { kind: 'no-account' } | { kind: 'external'; reference: string } | { kind: 'transfer'; accountId: string };

/** How a tranche awaiting its transfer is paid, by the promoter's payout account. */
export function payoutRoute(trancheId: string, account: { method: string; stripeAccountId: string | null } | null): PayoutRoute {
  if (!account) return { kind: 'no-account' };
  if (account.method === 'external') return { kind: 'external', reference: `CIVIC-${trancheId.slice(0, 8).toUpperCase()}` };
  // Stripe Connect chosen, its account not created yet (the provider was down after the choice): nowhere to transfer to
  if (!account.stripeAccountId) return { kind: 'no-account' };
  return { kind: 'transfer', accountId: account.stripeAccountId };
}

/**
 * Who may release the tranche and confirm its payment (besides an admin): the funders whose funds
 * hold a share of it, and the funder that owns the campaign's call — so a tranche holding only the
 * crowd's money (keep-it-all without match) is not left to admins alone (issue 17 #20). The
 * lookups run only when needed, in this order.
 */
export async function mayRelease(actor: Actor, lookup: { fundersOf: () => Promise<string[]>; callOwner: () => Promise<string | null> }): Promise<boolean> {
  if (actor.roles.includes('admin')) return true;
  if (!actor.roles.includes('funder')) return false;
  if ((await lookup.fundersOf()).includes(actor.id)) return true;
  const owner = await lookup.callOwner();
  return !!owner && owner === actor.id;
}

/** What a tranche component (the donors' share or one fund's) still holds for refunds: all of it while planned, what is due once eligible, nothing after. */
export function unreleased(status: string, amount: number, due: number | null): number {
  return status === 'planned' ? amount : status === 'eligible' ? (due ?? 0) : 0;
}

export interface MilestoneSettlement {
  /** The donors' share set aside for refunds to the donors (policy refund_donor_share), 0 if none. */
  donorRefund: number;
  dueDonor: number;
  shares: { fundId: string; due: number; forfeit: number }[];
  status: TrancheStatus;
}

/**
 * Pay by result: a milestone's result (achievement in basis points; 0 when failed or expired)
 * earns each component by the tranche's rule. The unearned match goes back to its fund; the
 * unearned donors' share follows the campaign's policy: released to the promoter anyway, or set
 * aside for refunds. Nothing due at all: forfeited.
 */
export function settleMilestone(t: {
  donorShare: number;
  paymentRule: 'binary' | 'proportional';
  minAchievementPct: number | null;
  shares: { fundId: string; amount: number }[];
  achievementBps: number;
  policy: string;
}): MilestoneSettlement {
  const donorEarned = earned(t.donorShare, t.paymentRule, t.achievementBps, t.minAchievementPct);
  const donorForfeit = t.donorShare - donorEarned;
  const dueDonor = t.policy === 'release_donor_share' ? t.donorShare : donorEarned;
  const donorRefund = donorForfeit > 0 && t.policy === 'refund_donor_share' ? donorForfeit : 0;
  const shares = t.shares.map((s) => {
    const due = earned(s.amount, t.paymentRule, t.achievementBps, t.minAchievementPct);
    return { fundId: s.fundId, due, forfeit: s.amount - due };
  });
  const dueMatch = shares.reduce((sum, s) => sum + s.due, 0);
  return { donorRefund, dueDonor, shares, status: dueDonor + dueMatch > 0 ? 'eligible' : 'forfeited' };
}

/** A campaign's tranches are settled when it has some and every one is paid or forfeited. */
export function allSettled(c: { tranches: number; paid: number; forfeited: number }): boolean {
  return c.tranches > 0 && c.paid + c.forfeited >= c.tranches;
}
