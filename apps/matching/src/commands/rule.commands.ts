import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { Actor, Clock, CLOCK, DomainError, Forbidden, InjectTx, NotFound, Tx } from '@lib/platform';
import { CreateRuleDto, validateRule } from '../http/rules.dto';

export interface RuleView {
  id: string;
  fundId: string;
  type: string;
  params: Record<string, unknown>;
  eligibility: Record<string, unknown>;
  createdAt: Date;
}

export class AddRuleCommand extends Command<RuleView> {
  constructor(
    readonly actor: Actor,
    readonly fundId: string,
    readonly input: CreateRuleDto,
  ) {
    super();
  }
}

/** The fund's owner adds a rule; it applies to pledges confirmed from then on (matching-rules.md). */
@CommandHandler(AddRuleCommand)
export class AddRuleHandler implements ICommandHandler<AddRuleCommand> {
  constructor(
    @InjectTx('matching') private readonly txHost: Tx,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Transactional('matching')
  async execute({ actor, fundId, input }: AddRuleCommand): Promise<RuleView> {
    const [fund] = await this.txHost.tx.query(`SELECT owner_id, closed_at FROM matching.funds WHERE id = $1`, [fundId]);
    if (!fund) throw new NotFound('Fund', fundId);
    if (fund.owner_id !== actor.id) throw new Forbidden('Only the funder that owns this fund may add rules', 'FUND_NOT_OWNER');
    if (fund.closed_at) throw new DomainError('FUND_CLOSED', 'conflict', 'The fund is closed');
    const { params, problems } = validateRule(input);
    if (problems.length) throw new DomainError('RULE_INVALID', 'invalid', problems.join('; '), { problems });
    const eligibility = Object.fromEntries(Object.entries(input.eligibility ?? {}).filter(([, v]) => v !== undefined));
    const rule = { id: randomUUID(), fundId, type: input.type, params, eligibility, createdAt: this.clock.now() };
    await this.txHost.tx.query(`INSERT INTO matching.rules (id, fund_id, type, params, eligibility, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      rule.id, fundId, rule.type, JSON.stringify(params), JSON.stringify(eligibility), rule.createdAt,
    ]);
    return rule;
  }
}
