import { DomainError } from '@lib/platform/errors/domain-error';
import { PledgesErrorCode } from '../pledges.errors';

export const PLEDGE_STATUSES = ['requires_payment', 'confirmed', 'failed', 'refunded', 'cancelled'] as const;
export type PledgeStatus = (typeof PLEDGE_STATUSES)[number];

export class PledgeStateConflict extends DomainError {
  constructor(id: string, status: PledgeStatus, action: string) {
    super(PledgesErrorCode.PLEDGE_STATE_CONFLICT, 'conflict', `Pledge ${id} is ${status} and cannot be ${action}`);
  }
}

export interface CampaignWindow {
  status: string;
  startsAt: Date;
  endsAt: Date;
  currency: string;
}

/** Why a campaign does not accept a pledge right now (null = it does). */
export function pledgeRefusal(campaign: CampaignWindow, now: Date): string | null {
  if (campaign.status !== 'open') return `the campaign is ${campaign.status}`;
  if (now < campaign.startsAt) return `the campaign opens at ${campaign.startsAt.toISOString()}`;
  if (now >= campaign.endsAt) return `the campaign closed at ${campaign.endsAt.toISOString()}`;
  return null;
}

/** Stripe's test cards (stripe.com/docs/testing) as the sandbox understands them. */
export type SandboxOutcome = { ok: true } | { ok: false; reason: string };
const DECLINES: Record<string, string> = {
  '4000000000000002': 'card_declined: generic_decline',
  '4000000000009995': 'card_declined: insufficient_funds',
  '4000000000009987': 'card_declined: lost_card',
  '4000000000000069': 'expired_card',
};

export function sandboxCharge(cardNumber: string): SandboxOutcome {
  const digits = cardNumber.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(digits) || !luhn(digits))
    throw new DomainError(PledgesErrorCode.CARD_NUMBER_INVALID, 'invalid', 'cardNumber is not a valid card number');
  const decline = DECLINES[digits];
  return decline ? { ok: false, reason: decline } : { ok: true };
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
