import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { Actor, Audited, CurrentActor, Idempotent, Public, Roles } from '@lib/platform';
import { AddRuleCommand } from '../commands/add-rule.command';
import { GetMatchQuoteQuery } from '../queries/get-match-quote.query';
import { GetRoundQuery } from '../queries/get-round.query';
import { GetCampaignMatchQuery } from '../queries/match.queries';
import { CampaignMatchResponse, QuoteResponse } from './match.response';
import { CreatedRuleResponse } from './rule.response';
import { CreateRuleDto } from './rules.dto';

export class QuoteQueryDto {
  @ApiProperty({ description: 'the pledge, in cents (decimal digits only)', example: 2500 })
  // Only plain decimal digits become a number: "1e3", "0x10", "10.0" or " 5" stay strings and fail IsInt (400).
  @Transform(({ value }) => (typeof value === 'string' && /^[0-9]{1,16}$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  amount!: number;
}

@ApiTags('matching')
@Controller()
export class MatchController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('funds/:id/rules')
  @Roles('funder')
  @Idempotent('matching')
  @Audited('matching', 'fund.rule.create', 'fund')
  @ApiOperation({ summary: 'Add a ratio, threshold or quadratic rule to a fund (owner); semantics in matching-rules.md' })
  @ApiCreatedResponse({ type: CreatedRuleResponse })
  addRule(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: CreateRuleDto) {
    return this.commands.execute(new AddRuleCommand(actor, id, { ...body }));
  }

  @Get('campaigns/:id/match')
  @Public()
  @ApiOperation({ summary: "The campaign's matches: reserved, committed, per fund and rule" })
  @ApiOkResponse({ type: CampaignMatchResponse })
  match(@Param('id', ParseUUIDPipe) id: string) {
    return this.queries.execute(new GetCampaignMatchQuery(id));
  }

  @Get('campaigns/:id/match-quote')
  @Public()
  @ApiOperation({ summary: 'What a pledge of `amount` cents would add now (per-donor caps apply when called with a token)' })
  @ApiOkResponse({ type: QuoteResponse })
  quote(@Param('id', ParseUUIDPipe) id: string, @Query() query: QuoteQueryDto, @CurrentActor() actor?: Actor) {
    return this.queries.execute(new GetMatchQuoteQuery(id, query.amount, actor?.id));
  }

  @Get('rounds/:ruleId')
  @Public()
  @ApiOperation({
    summary:
      'A quadratic round: live estimates while open and while closing (ended, awaiting the cut-off tally: docs/money-rules.md "Round cut-off"), final amounts once finalized',
  })
  round(@Param('ruleId', ParseUUIDPipe) ruleId: string) {
    return this.queries.execute(new GetRoundQuery(ruleId));
  }
}
