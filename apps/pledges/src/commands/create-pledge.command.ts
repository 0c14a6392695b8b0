import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { Actor, IdempotencyClaim, IdempotentReply } from '@lib/platform';
import type { PledgeEntity } from '../persistence/pledge.entity';
import { CreatePledgeInput, CreatePledgesGroup } from './create-pledges.group';

export type { CreatePledgeInput } from './create-pledges.group';

/**
 * A citizen pledges to a campaign that is open now. `answer` makes the HTTP answer of the new
 * pledge: with an Idempotency-Key (`claim`) it is stored with the key in the same transaction.
 */
export class CreatePledgeCommand extends Command<IdempotentReply> {
  constructor(
    readonly actor: Actor,
    readonly input: CreatePledgeInput,
    readonly answer: (pledge: PledgeEntity) => unknown,
    readonly claim?: IdempotencyClaim,
  ) {
    super();
  }
}

/** Hands the pledge to the group commit (CreatePledgesGroup): concurrent pledges are written in one transaction. */
@CommandHandler(CreatePledgeCommand)
export class CreatePledgeHandler implements ICommandHandler<CreatePledgeCommand> {
  constructor(private readonly group: CreatePledgesGroup) {}

  execute({ actor, input, answer, claim }: CreatePledgeCommand): Promise<IdempotentReply> {
    return this.group.submit({ actor, input, answer, claim });
  }
}
