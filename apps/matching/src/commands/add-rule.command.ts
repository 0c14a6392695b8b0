import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { Actor, Clock, CLOCK, DomainError } from '@lib/platform';
import { RuleInput, storedEligibility, validateRule } from '../domain/rule-params';
import { FundClosed, FundNotFound, FundNotOwner, MatchingErrorCode } from '../matching.errors';
import { FundRepository } from '../persistence/fund.repository';
import { NewRule, RuleRepository } from '../persistence/rule.repository';

/** The rule as stored, the answer of POST /funds/:id/rules. */
export type RuleView = NewRule;

export class AddRuleCommand extends Command<RuleView> {
  constructor(
    readonly actor: Actor,
    readonly fundId: string,
    readonly input: RuleInput,
  ) {
    super();
  }
}

/** The fund's owner adds a rule; it applies to pledges confirmed from then on (matching-rules.md). */
@CommandHandler(AddRuleCommand)
export class AddRuleHandler implements ICommandHandler<AddRuleCommand> {
  constructor(
    private readonly funds: FundRepository,
    private readonly rules: RuleRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Transactional('matching')
  async execute({ actor, fundId, input }: AddRuleCommand): Promise<RuleView> {
    const fund = await this.funds.findOwnership(fundId);
    if (!fund) throw new FundNotFound(fundId);
    if (fund.ownerId !== actor.id) throw new FundNotOwner('add rules');
    if (fund.closedAt) throw new FundClosed('The fund is closed');
    const { params, problems } = validateRule(input);
    if (problems.length) throw new DomainError(MatchingErrorCode.RULE_INVALID, 'invalid', problems.join('; '), { problems });
    const eligibility = storedEligibility(input.eligibility);
    const rule = { id: randomUUID(), fundId, type: input.type, params, eligibility, createdAt: this.clock.now() };
    await this.rules.insert(rule);
    return rule;
  }
}
