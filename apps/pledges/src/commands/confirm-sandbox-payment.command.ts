import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { Actor, DomainError, Forbidden } from '@lib/platform';
import { sandboxCharge } from '../domain/pledge';
import { sandboxChargeNeeded } from '../domain/pledge-transitions';
import { PledgeEntity } from '../persistence/pledge.entity';
import { PledgeRepository } from '../persistence/pledge.repository';
import { PaymentOutcomes } from '../services/payment-outcomes';
import { PledgesErrorCode } from '../pledges.errors';

export class ConfirmSandboxPaymentCommand extends Command<PledgeEntity> {
  constructor(
    readonly actor: Actor,
    readonly pledgeId: string,
    readonly cardNumber: string,
  ) {
    super();
  }
}

/** Sandbox only: charge a Stripe test card; the outcome goes through the same state machine as Stripe's webhooks. */
@CommandHandler(ConfirmSandboxPaymentCommand)
export class ConfirmSandboxPaymentHandler implements ICommandHandler<ConfirmSandboxPaymentCommand> {
  constructor(
    private readonly pledges: PledgeRepository,
    private readonly outcomes: PaymentOutcomes,
  ) {}

  @Transactional('pledges')
  async execute({ actor, pledgeId, cardNumber }: ConfirmSandboxPaymentCommand): Promise<PledgeEntity> {
    const pledge = await this.pledges.getForUpdate(pledgeId);
    if (pledge.donorId !== actor.id) throw new Forbidden('Only the donor may pay for this pledge', PledgesErrorCode.FORBIDDEN);
    if (pledge.paymentProvider !== 'sandbox')
      throw new DomainError(PledgesErrorCode.PLEDGE_NOT_SANDBOX, 'conflict', 'This pledge is paid through Stripe, not the sandbox');
    if (!sandboxChargeNeeded(pledge)) return pledge;
    const charge = sandboxCharge(cardNumber);
    if (charge.ok) await this.outcomes.succeeded(pledge);
    else await this.outcomes.failed(pledge, charge.reason);
    return this.pledges.reload(pledge.id);
  }
}
