import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Audited, CurrentActor, Public, Roles } from '@lib/platform';
import { CreateCallCommand } from '../commands/create-call.command';
import { GetCallQuery, ListCallsQuery } from '../queries/call-queries';
import { CallResponse, CreatedCallResponse } from './call.response';
import { CreateCallDto } from './calls.dto';

@ApiTags('calls')
@Controller('calls')
export class CallsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('funder', 'admin')
  @Audited('campaigns', 'call.create', 'call')
  @ApiOperation({ summary: 'Open a call for proposals' })
  @ApiCreatedResponse({ type: CreatedCallResponse })
  create(@CurrentActor() actor: Actor, @Body() body: CreateCallDto) {
    return this.commands.execute(new CreateCallCommand(actor, body));
  }

  @Get()
  @Public()
  @ApiOperation({ summary: 'Calls with their campaign counts per status' })
  @ApiOkResponse({ type: [CallResponse] })
  list() {
    return this.queries.execute(new ListCallsQuery());
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'A call with its campaign counts per status' })
  @ApiOkResponse({ type: CallResponse })
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.queries.execute(new GetCallQuery(id));
  }
}
