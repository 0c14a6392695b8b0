import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, Roles } from '@lib/platform';
import { ListCallCampaignsQuery, ListEvidenceToVerifyQuery, ListMyCampaignsQuery } from '../queries/workspace-queries';
import { CampaignResponse } from './campaign.response';
import { EvidenceToVerifyResponse } from './workspace.response';

/** What promoters, funders and verifiers need to see of their own work (the web app's workspaces). */
@ApiTags('campaigns')
@Controller()
export class WorkspaceController {
  constructor(private readonly queries: QueryBus) {}

  @Get('me/campaigns')
  @Roles('promoter')
  @ApiOperation({ summary: "The caller's own campaigns in every status (drafts included), newest first" })
  @ApiOkResponse({ type: [CampaignResponse] })
  mine(@CurrentActor() actor: Actor) {
    return this.queries.execute(new ListMyCampaignsQuery(actor));
  }

  @Get('calls/:id/campaigns')
  @Roles('funder', 'admin')
  @ApiOperation({ summary: "A call's submitted, reviewed and published campaigns (the funder who opened it, or an admin)" })
  @ApiOkResponse({ type: [CampaignResponse] })
  callCampaigns(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.queries.execute(new ListCallCampaignsQuery(actor, id));
  }

  @Get('verifications/queue')
  @Roles('verifier', 'admin')
  @ApiOperation({
    summary:
      'Milestones of campaigns in delivery whose evidence awaits a verdict and that the caller may verify (independence), oldest first, with the evidence',
  })
  @ApiOkResponse({ type: [EvidenceToVerifyResponse] })
  queue(@CurrentActor() actor: Actor) {
    return this.queries.execute(new ListEvidenceToVerifyQuery(actor));
  }
}
