import { Controller, DefaultValuePipe, Get, Param, ParseIntPipe, ParseUUIDPipe, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Public } from '@lib/platform';
import { ListCampaignBackersQuery } from '../queries/list-campaign-backers.query';
import { BackersPageResponse } from './pledge.response';

@ApiTags('pledges')
@Controller('campaigns')
export class BackersController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/pledges')
  @Public()
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiOperation({ summary: 'Public backers list: amount, display name unless anonymous, date; never email' })
  @ApiOkResponse({ type: BackersPageResponse })
  list(@Param('id', ParseUUIDPipe) id: string, @Query('limit', new DefaultValuePipe(50), ParseIntPipe) limit: number) {
    return this.queries.execute(new ListCampaignBackersQuery(id, Math.min(Math.max(limit, 1), 200)));
  }
}
