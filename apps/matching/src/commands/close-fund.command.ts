import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { Actor } from '@lib/platform';
import { FundClosed, FundNotOwner } from '../matching.errors';
import { FundEntity } from '../persistence/fund.entity';
import { FundRepository } from '../persistence/fund.repository';

export class CloseFundCommand extends Command<FundEntity> {
  constructor(
    readonly actor: Actor,
    readonly fundId: string,
  ) {
    super();
  }
}

/**
 * The funder closes its fund: the money not yet promised to any campaign (available) is returned
 * to the funder, rules stop matching, and anything forfeited later comes back as returned too.
 * Reserved and committed money stays where it is: campaigns keep what they were promised.
 */
@CommandHandler(CloseFundCommand)
export class CloseFundHandler implements ICommandHandler<CloseFundCommand> {
  constructor(private readonly funds: FundRepository) {}

  @Transactional('matching')
  async execute({ actor, fundId }: CloseFundCommand): Promise<FundEntity> {
    const fund = await this.funds.getForUpdate(fundId);
    if (fund.ownerId !== actor.id) throw new FundNotOwner('close it');
    if (fund.closedAt) throw new FundClosed('The fund is already closed');
    return this.funds.close(fundId);
  }
}
