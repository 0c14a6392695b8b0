import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { InjectTx, NotFound, Tx } from '@lib/platform';
import { PledgeStateConflict } from '../domain/pledge';
import { PledgeEntity } from '../persistence/pledge.entity';
import { RefundPledges } from './refund-pledges';

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
    @InjectTx('pledges') private readonly txHost: Tx,
    private readonly refunds: RefundPledges,
  ) {}

  @Transactional('pledges')
  async execute({ pledgeId, reason }: AdminRefundCommand): Promise<PledgeEntity> {
    const repo = this.txHost.tx.getRepository(PledgeEntity);
    const pledge = await repo.findOne({ where: { id: pledgeId }, lock: { mode: 'pessimistic_write' } });
    if (!pledge) throw new NotFound('Pledge', pledgeId);
    if (pledge.status === 'refunded') return pledge;
    if (pledge.status !== 'confirmed') throw new PledgeStateConflict(pledge.id, pledge.status, 'refunded');
    await this.refunds.refund(pledge, reason);
    return repo.findOneByOrFail({ id: pledgeId });
  }
}
