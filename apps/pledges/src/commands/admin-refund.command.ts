import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { adminRefundNeeded } from '../domain/pledge-transitions';
import { PledgeEntity } from '../persistence/pledge.entity';
import { PledgeRepository } from '../persistence/pledge.repository';
import { RefundPledges } from '../services/refund-pledges';

export class AdminRefundCommand extends Command<PledgeEntity> {
  constructor(
    readonly pledgeId: string,
    readonly reason: string,
  ) {
    super();
  }
}

/** An admin refunds one pledge. Refunding a refunded pledge answers it as it is (idempotent). */
@CommandHandler(AdminRefundCommand)
export class AdminRefundHandler implements ICommandHandler<AdminRefundCommand> {
  constructor(
    private readonly pledges: PledgeRepository,
    private readonly refunds: RefundPledges,
  ) {}

  @Transactional('pledges')
  async execute({ pledgeId, reason }: AdminRefundCommand): Promise<PledgeEntity> {
    const pledge = await this.pledges.getForUpdate(pledgeId);
    if (!adminRefundNeeded(pledge)) return pledge;
    await this.refunds.refund(pledge, reason);
    return this.pledges.reload(pledgeId);
  }
}
