import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { Actor, Forbidden } from '@lib/platform';
import { assertAwaitingBankPayment } from '../domain/tranche';
import { Payouts } from '../payments/tranche-payout';
import { PayoutsErrorCode } from '../payouts.errors';
import { TrancheRepository } from '../persistence/tranche.repository';
import { ReleaseAuthority } from '../services/release-authority';

export class ConfirmExternalPaymentCommand extends Command<{ id: string; status: string }> {
  constructor(
    readonly actor: Actor,
    readonly trancheId: string,
    readonly bankReference: string,
  ) {
    super();
  }
}

/** The funder's treasury paid a released tranche by bank transfer: record it with its reference. */
@CommandHandler(ConfirmExternalPaymentCommand)
export class ConfirmExternalPaymentHandler implements ICommandHandler<ConfirmExternalPaymentCommand> {
  constructor(
    private readonly tranches: TrancheRepository,
    private readonly authority: ReleaseAuthority,
    private readonly payouts: Payouts,
  ) {}

  @Transactional('payouts')
  async execute({ actor, trancheId, bankReference }: ConfirmExternalPaymentCommand) {
    const t = await this.tranches.getForUpdate(trancheId);
    if (!(await this.authority.mayRelease(actor, trancheId, t.campaignId))) {
      throw new Forbidden(
        "Only a funder of this tranche, the funder owning the campaign's call, or an admin, may confirm its payment",
        PayoutsErrorCode.FORBIDDEN,
      );
    }
    assertAwaitingBankPayment(t);
    await this.payouts.markPaid(t, await this.tranches.dueTotal(trancheId, t.dueDonor ?? 0), 'external', bankReference);
    return { id: trancheId, status: 'paid' };
  }
}
