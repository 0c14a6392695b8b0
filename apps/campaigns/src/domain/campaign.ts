import { DomainError } from '@lib/platform/errors/domain-error';
import { CampaignsErrorCode } from '../campaigns.errors';

export const CAMPAIGN_STATUSES = [
  'draft',
  'submitted',
  'rejected',
  'scheduled',
  'live',
  'succeeded',
  'failed',
  'cancelled',
  'in_delivery',
  'completed',
] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export class CampaignStateConflict extends DomainError {
  constructor(id: string, status: CampaignStatus, action: string) {
    super(CampaignsErrorCode.CAMPAIGN_STATE_CONFLICT, 'conflict', `Campaign ${id} is ${status} and cannot be ${action}`);
  }
}

export class MilestoneSharesInvalid extends DomainError {
  constructor(total: number) {
    super(CampaignsErrorCode.CAMPAIGN_SHARES_NOT_100, 'unprocessable', `upfrontSharePct + sum(payoutSharePct) must be 100, got ${total}`);
  }
}

export interface MilestonePlan {
  payoutSharePct: number;
  dueAt: Date;
}

/** The payout plan must distribute exactly 100% of the money: the upfront share plus every milestone's share. */
export function assertSharesSumTo100(upfrontSharePct: number, milestones: MilestonePlan[]): void {
  const total = milestones.reduce((sum, m) => sum + m.payoutSharePct, upfrontSharePct);
  if (total !== 100) throw new MilestoneSharesInvalid(total);
}

/** Lifecycle transitions the campaigns service allows; anything else is a 409. */
const TRANSITIONS: Record<string, { from: CampaignStatus[]; verb: string }> = {
  submit: { from: ['draft', 'rejected'], verb: 'submitted' },
  approve: { from: ['submitted'], verb: 'approved' },
  reject: { from: ['submitted'], verb: 'rejected' },
  // before its funding closes: once succeeded, failed or in delivery the money has moved
  cancel: { from: ['draft', 'submitted', 'rejected', 'scheduled', 'live'], verb: 'cancelled' },
};

/** Published campaigns are known to the other services (pledges take pledges for them): a change is announced. */
export function isPublished(status: CampaignStatus): boolean {
  return status === 'scheduled' || status === 'live';
}

export function nextStatus(id: string, current: CampaignStatus, action: 'submit' | 'reject' | 'cancel'): CampaignStatus;
export function nextStatus(id: string, current: CampaignStatus, action: 'approve', now: Date, startsAt: Date): CampaignStatus;
export function nextStatus(id: string, current: CampaignStatus, action: keyof typeof TRANSITIONS, now?: Date, startsAt?: Date): CampaignStatus {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(current)) throw new CampaignStateConflict(id, current, rule.verb);
  if (action === 'submit') return 'submitted';
  if (action === 'reject') return 'rejected';
  if (action === 'cancel') return 'cancelled';
  return now! < startsAt! ? 'scheduled' : 'live';
}
