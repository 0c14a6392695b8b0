import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, Public, Roles } from '@lib/platform';
import { CreateCampaignCommand } from '../commands/create-campaign.command';
import { ReviewCampaignCommand } from '../commands/review-campaign.command';
import { GetCampaignQuery, ListCampaignsQuery } from '../queries/campaign-queries';
import { CreateCampaignDto, ListCampaignsQueryDto } from './campaigns.dto';

@ApiTags('campaigns')
@Controller('campaigns')
export class CampaignsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('promoter')
  @ApiOperation({ summary: 'Draft a campaign (upfront + milestone shares must sum to 100)' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateCampaignDto) {
    return this.commands.execute(new CreateCampaignCommand(actor, body));
  }

  @Get()
  @Public()
  @ApiOperation({ summary: 'Public campaigns, filtered and paged' })
  list(@Query() filter: ListCampaignsQueryDto) {
    return this.queries.execute(new ListCampaignsQuery(filter));
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'A campaign with its milestones (drafts only for their promoter, the call funder and admins)' })
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor?: Actor) {
    return this.queries.execute(new GetCampaignQuery(id, actor));
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Roles('promoter')
  @ApiOperation({ summary: 'Submit to the call; 422 lists every eligibility rule that fails' })
  submit(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.commands.execute(new ReviewCampaignCommand(actor, id, 'submit'));
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('funder', 'admin')
  @ApiOperation({ summary: 'Approve (funder owning the call, or admin): live, or scheduled before startsAt' })
  approve(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.commands.execute(new ReviewCampaignCommand(actor, id, 'approve'));
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles('funder', 'admin')
  @ApiOperation({ summary: 'Reject (funder owning the call, or admin)' })
  reject(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.commands.execute(new ReviewCampaignCommand(actor, id, 'reject'));
  }
}
