import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ClsService } from 'nestjs-cls';
import { Actor, CORRELATION_KEY } from '@lib/platform';
import { PledgeEntity } from '../persistence/pledge.entity';
import { ConfirmSandboxPaymentsGroup } from './confirm-sandbox-payments.group';

export class ConfirmSandboxPaymentCommand extends Command<PledgeEntity> {
  constructor(
    readonly actor: Actor,
    readonly pledgeId: string,
    readonly cardNumber: string,
  ) {
    super();
  }
}

/** Sandbox only: charge a Stripe test card; concurrent confirmations are written by group commit (ConfirmSandboxPaymentsGroup). */
@CommandHandler(ConfirmSandboxPaymentCommand)
export class ConfirmSandboxPaymentHandler implements ICommandHandler<ConfirmSandboxPaymentCommand> {
  constructor(
    private readonly group: ConfirmSandboxPaymentsGroup,
    private readonly cls: ClsService,
  ) {}

  execute({ actor, pledgeId, cardNumber }: ConfirmSandboxPaymentCommand): Promise<PledgeEntity> {
    const correlationId = (this.cls.isActive() && this.cls.get<string | undefined>(CORRELATION_KEY)) || undefined;
    return this.group.submit({ actor, pledgeId: pledgeId.toLowerCase(), cardNumber, correlationId });
  }
}
