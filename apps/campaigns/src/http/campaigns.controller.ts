import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Audited, CurrentActor, Public, Roles } from '@lib/platform';
import { CancelCampaignCommand } from '../commands/cancel-campaign.command';
import { CreateCampaignCommand } from '../commands/create-campaign.command';
import { PostUpdateCommand } from '../commands/post-update.command';
import { ReviewAction, ReviewCampaignCommand } from '../commands/review-campaign.command';
import { GetCampaignQuery, ListCampaignsQuery, ListUpdatesQuery } from '../queries/campaign-queries';
import { CampaignPageResponse, CampaignResponse, PostedUpdateResponse, UpdateResponse } from './campaign.response';
import { CreateCampaignDto, ListCampaignsQueryDto } from './campaigns.dto';
import { CancelDto, RejectDto, UpdateDto } from './milestones.dto';

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
  @ApiCreatedResponse({ type: CampaignResponse })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateCampaignDto) {
    const campaign = await this.commands.execute(new CreateCampaignCommand(actor, body));
    return this.queries.execute(new GetCampaignQuery(campaign.id, actor));
  }

  @Get()
  @Public()
  @ApiOperation({ summary: 'Published campaigns with progress; filters, free text on title/summary, sort, paging' })
  @ApiOkResponse({ type: CampaignPageResponse })
  list(@Query() filter: ListCampaignsQueryDto) {
    return this.queries.execute(new ListCampaignsQuery(filter));
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'A campaign with progress and milestones (drafts only for their promoter, the call funder and admins)' })
  @ApiOkResponse({ type: CampaignResponse })
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor?: Actor) {
    return this.queries.execute(new GetCampaignQuery(id, actor));
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Roles('promoter')
  @ApiOperation({ summary: 'Submit to the call (owner); 422 lists every eligibility rule that fails' })
  @ApiOkResponse({ type: CampaignResponse })
  submit(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.review(actor, id, 'submit');
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('funder', 'admin')
  @Audited('campaigns', 'campaign.approve', 'campaign')
  @ApiOperation({ summary: 'Approve (funder owning the call, or admin): live, or scheduled before startsAt' })
  @ApiOkResponse({ type: CampaignResponse })
  approve(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.review(actor, id, 'approve');
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles('funder', 'admin')
  @Audited('campaigns', 'campaign.reject', 'campaign')
  @ApiOperation({ summary: 'Reject with a required reason (funder owning the call, or admin); the reason becomes statusReason and is audited' })
  @ApiOkResponse({ type: CampaignResponse })
  reject(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: RejectDto) {
    return this.review(actor, id, 'reject', body.reason.trim());
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('promoter', 'admin')
  @Audited('campaigns', 'campaign.cancel', 'campaign')
  @ApiOperation({ summary: 'Cancel (owner before any confirmed pledge, or admin); pledges are refunded' })
  @ApiOkResponse({ type: CampaignResponse })
  async cancel(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: CancelDto) {
    await this.commands.execute(new CancelCampaignCommand(actor, id, body.reason ?? 'cancelled'));
    return this.queries.execute(new GetCampaignQuery(id, actor));
  }

  @Post(':id/updates')
  @Roles('promoter')
  @ApiOperation({ summary: 'Post a short update to the backers (owner promoter)' })
  @ApiCreatedResponse({ type: PostedUpdateResponse })
  postUpdate(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateDto) {
    return this.commands.execute(new PostUpdateCommand(actor, id, body));
  }

  @Get(':id/updates')
  @Public()
  @ApiOperation({ summary: "The promoter's updates, newest first" })
  @ApiOkResponse({ type: [UpdateResponse] })
  updates(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor?: Actor) {
    return this.queries.execute(new ListUpdatesQuery(id, actor));
  }

  private async review(actor: Actor, id: string, action: ReviewAction, reason?: string) {
    await this.commands.execute(new ReviewCampaignCommand(actor, id, action, reason));
    return this.queries.execute(new GetCampaignQuery(id, actor));
  }
}
