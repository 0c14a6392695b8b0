import { DomainError } from '@lib/platform/errors/domain-error';
import { PledgesErrorCode } from '../pledges.errors';

/** What pledges knows of a closed campaign's escrow (cumulative figures; see the migration RefundCover). */
export interface EscrowFigures {
  crowdAtClose: number | null;
  refundedAfterClose: number;
  crowdSettled: number;
}

/**
 * The donor money of a closed campaign still in its escrow: the crowd counted at close, less the
 * refunds since and what payouts settled out of it (tranches released to the promoter, donors'
 * shares forfeited). Null when unknown (a campaign closed before the figure was kept): the refund is
 * then not refused here, and payouts books any shortfall to the platform's loss account.
 */
export function refundCover(f: EscrowFigures): number | null {
  if (f.crowdAtClose === null) return null;
  return Math.max(0, f.crowdAtClose - f.refundedAfterClose - f.crowdSettled);
}

/**
 * Whether a refund of `amount` comes out of the campaign's escrow: only once its funding closed (the
 * view's closedAt; an unknown campaign never). Refuses when the escrow cannot cover it, unless forced
 * (the provider already refunded, or a failed or cancelled campaign's saga): a shortfall then becomes
 * payouts' explicit platform loss.
 */
export function chargesEscrow(view: (EscrowFigures & { closedAt: Date | null }) | null, pledgeId: string, amount: number, force: boolean): boolean {
  if (!view || view.closedAt === null) return false;
  const cover = refundCover(view);
  if (!force && cover !== null && amount > cover) throw new RefundNotCoveredByEscrow(pledgeId, amount, cover);
  return true;
}

export class RefundNotCoveredByEscrow extends DomainError {
  constructor(pledgeId: string, amount: number, cover: number) {
    super(
      PledgesErrorCode.REFUND_NOT_COVERED_BY_ESCROW,
      'conflict',
      `Pledge ${pledgeId} cannot be refunded: ${amount} would come out of an escrow that holds only ${cover} (the rest was released to the promoter). A refund now would pay the same money twice.`,
    );
  }
}
