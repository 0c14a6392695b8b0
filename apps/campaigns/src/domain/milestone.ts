import { DomainError } from '@lib/platform/errors/domain-error';
import { CampaignsErrorCode } from '../campaigns.errors';

/** Indicator values are compared exactly at a resolution of 10^-6 units of the indicator. */
const SCALE = 1_000_000;
const scaled = (n: number) => BigInt(Math.round(n * SCALE));

/**
 * Indicator values (baseline, target, reported and verified values) are finite numbers within
 * ±INDICATOR_LIMIT (docs/money-rules.md): large enough for any indicator, small enough that the
 * 10^-6 resolution stays exact in a double.
 */
export const INDICATOR_LIMIT = 1_000_000_000;

/** True when the two values are the same at the indicator resolution (a milestone needs baseline ≠ target). */
export function sameIndicatorValue(a: number, b: number): boolean {
  return scaled(a) === scaled(b);
}

export class MilestoneNotVerifiable extends DomainError {
  constructor(message: string) {
    super(CampaignsErrorCode.MILESTONE_NOT_VERIFIABLE, 'unprocessable', message);
  }
}

/**
 * How much of the way from baseline to target the verified value went, in basis points:
 * floor((verified - baseline) * 10000 / (target - baseline)), clamped to 0..10000.
 * Works for indicators that must go down (target < baseline) as well as up. Rounding: floor.
 */
export function achievementBps(baseline: number, target: number, verified: number): number {
  let num = scaled(verified) - scaled(baseline);
  let den = scaled(target) - scaled(baseline);
  if (den === 0n) throw new RangeError('target must differ from baseline');
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  if (num <= 0n) return 0;
  const bps = (num * 10000n) / den;
  return bps > 10000n ? 10000 : Number(bps);
}

export class VerifierNotIndependent extends DomainError {
  constructor(role: string) {
    super(CampaignsErrorCode.VERIFIER_NOT_INDEPENDENT, 'forbidden', `A verifier may not verify a campaign it ${role}`);
  }
}

/**
 * A verifier is never the promoter, the funder that owns the call, a funder whose fund matched the
 * campaign (any rule, quadratic rounds included), nor a citizen who backed it (even if refunded since).
 */
export function assertVerifierIndependent(
  verifierId: string,
  parties: { promoterId: string; callOwnerId: string | null; funderIds: string[]; backerIds: string[] },
): void {
  if (verifierId === parties.promoterId) throw new VerifierNotIndependent('promotes');
  if (verifierId === parties.callOwnerId) throw new VerifierNotIndependent('funds through its call');
  if (parties.funderIds.includes(verifierId)) throw new VerifierNotIndependent('funds through a matching fund');
  if (parties.backerIds.includes(verifierId)) throw new VerifierNotIndependent('backed with a pledge');
}

export class MilestoneStateConflict extends DomainError {
  constructor(status: string, action: string) {
    super(CampaignsErrorCode.MILESTONE_STATE_CONFLICT, 'conflict', `The milestone is ${status} and cannot ${action}`);
  }
}
