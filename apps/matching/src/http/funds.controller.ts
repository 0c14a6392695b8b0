import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Audited, CurrentActor, Idempotent, Public, Roles } from '@lib/platform';
import { CloseFundCommand } from '../commands/close-fund.command';
import { CreateFundCommand } from '../commands/create-fund.command';
import { TopUpFundCommand } from '../commands/top-up-fund.command';
import { GetFundQuery, ListFundsQuery } from '../queries/get-fund.query';
import { FundResponse } from './fund.response';
import { CreateFundDto, TopUpDto } from './funds.dto';

@ApiTags('matching')
@Controller('funds')
export class FundsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('funder')
  @Idempotent('matching')
  @Audited('matching', 'fund.create', 'fund')
  @ApiOperation({ summary: 'Create a matching fund with its budget and source tags' })
  @ApiCreatedResponse({ type: FundResponse })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateFundDto) {
    const fund = await this.commands.execute(
      new CreateFundCommand(actor, {
        name: body.name,
        currency: body.currency,
        budgetAmount: body.budgetAmount,
        sourceTags: body.sourceTags,
        sourceShares: body.sourceShares,
      }),
    );
    return this.queries.execute(new GetFundQuery(fund.id));
  }

  @Post(':id/top-ups')
  @HttpCode(200)
  @Roles('funder')
  @Idempotent('matching')
  @Audited('matching', 'fund.top_up', 'fund')
  @ApiOperation({ summary: 'Grow the budget (owner funder); the top-up becomes available at once' })
  @ApiOkResponse({ type: FundResponse })
  async topUp(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: TopUpDto) {
    await this.commands.execute(new TopUpFundCommand(actor, id, body.amount));
    return this.queries.execute(new GetFundQuery(id));
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('funder')
  @Idempotent('matching')
  @ApiOkResponse({ type: FundResponse })
  @Audited('matching', 'fund.close', 'fund')
  @ApiOperation({ summary: 'Close the fund (owner): what is still available returns to the funder; promised money stays' })
  async close(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    await this.commands.execute(new CloseFundCommand(actor, id));
    return this.queries.execute(new GetFundQuery(id));
  }

  @Get()
  @Public()
  @ApiOkResponse({ type: [FundResponse] })
  @ApiOperation({ summary: 'Every fund and its pool, oldest first (public money is public)' })
  list() {
    return this.queries.execute(new ListFundsQuery());
  }

  @Get(':id')
  @Public()
  @ApiOkResponse({ type: FundResponse })
  @ApiOperation({ summary: 'A fund and its pool: available / reserved / committed / spent / returned' })
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.queries.execute(new GetFundQuery(id));
  }
}

@ApiTags('matching')
@Controller('me')
export class MyFundsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('funds')
  @Roles('funder')
  @ApiOkResponse({ type: [FundResponse] })
  @ApiOperation({ summary: "The caller's own funds with their rules and pools" })
  mine(@CurrentActor() actor: Actor) {
    return this.queries.execute(new ListFundsQuery(actor.id));
  }
}
