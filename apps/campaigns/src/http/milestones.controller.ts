import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Audited, CurrentActor, Roles } from '@lib/platform';
import { SubmitEvidenceCommand } from '../commands/submit-evidence.command';
import { VerifyMilestoneCommand } from '../commands/verify-milestone.command';
import { MilestoneResponse } from './campaign.response';
import { EvidenceDto, VerificationDto } from './milestones.dto';
import { EvidenceSubmittedResponse } from './workspace.response';

@ApiTags('milestones')
@Controller('campaigns/:id/milestones/:milestoneId')
export class MilestonesController {
  constructor(private readonly commands: CommandBus) {}

  @Post('evidence')
  @Roles('promoter')
  @Audited('campaigns', 'milestone.evidence', 'campaign')
  @ApiOperation({ summary: 'Report a result with documents (URL + sha256); owner promoter, campaign in delivery' })
  @ApiCreatedResponse({ type: EvidenceSubmittedResponse })
  evidence(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('milestoneId', ParseUUIDPipe) milestoneId: string,
    @Body() body: EvidenceDto,
  ) {
    return this.commands.execute(new SubmitEvidenceCommand(actor, id, milestoneId, body));
  }

  @Post('verification')
  @HttpCode(200)
  @Roles('verifier')
  @Audited('campaigns', 'milestone.verify', 'campaign')
  @ApiOperation({ summary: 'Record the verified value and verdict (a verifier independent of promoter, call and funds)' })
  @ApiOkResponse({ type: MilestoneResponse })
  verify(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('milestoneId', ParseUUIDPipe) milestoneId: string,
    @Body() body: VerificationDto,
  ) {
    return this.commands.execute(new VerifyMilestoneCommand(actor, id, milestoneId, body));
  }
}
