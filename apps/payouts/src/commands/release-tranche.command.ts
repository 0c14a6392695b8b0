import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { Actor, Forbidden } from '@lib/platform';
import { assertReleasable } from '../domain/tranche';
import { PayoutsErrorCode } from '../payouts.errors';
import { EscrowRepository } from '../persistence/escrow.repository';
import { TrancheRepository } from '../persistence/tranche.repository';
import { ReleaseAuthority } from '../services/release-authority';

export class ReleaseTrancheCommand extends Command<{ id: string; status: string }> {
  constructor(
    readonly actor: Actor,
    readonly trancheId: string,
  ) {
    super();
  }
}

/**
 * A funder with a match share in the tranche, the funder owning the call, or an admin, releases an
 * eligible tranche: its due amounts leave the escrow for the promoter's payable account (one ledger
 * transaction, once) and the tranche is `released` (transfer pending). Under the tranche's row
 * lock, so 20 concurrent releases move the money once; the others get 409. The payout itself runs
 * after commit (PayAfterCommit on the route, or PayoutRetryJob), never inside this transaction.
 */
@CommandHandler(ReleaseTrancheCommand)
export class ReleaseTrancheHandler implements ICommandHandler<ReleaseTrancheCommand> {
  constructor(
    private readonly tranches: TrancheRepository,
    private readonly escrow: EscrowRepository,
    private readonly authority: ReleaseAuthority,
  ) {}

  @Transactional('payouts')
  async execute({ actor, trancheId }: ReleaseTrancheCommand) {
    const t = await this.tranches.getForUpdate(trancheId);
    if (!(await this.authority.mayRelease(actor, trancheId, t.campaignId))) {
      throw new Forbidden(
        "Only a funder with a match share in this tranche, the funder owning the campaign's call, or an admin, may release it",
        PayoutsErrorCode.FORBIDDEN,
      );
    }
    assertReleasable(t);
    const shares = await this.tranches.matchDues(trancheId);
    await this.escrow.released({
      trancheId,
      campaignId: t.campaignId,
      promoterId: t.promoterId,
      currency: t.currency,
      dueDonor: t.dueDonor ?? 0,
      shares,
      releasedBy: actor.id,
    });
    await this.tranches.markReleased(t, shares);
    return { id: trancheId as string, status: 'released' };
  }
}
