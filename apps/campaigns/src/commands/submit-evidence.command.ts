import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { Actor, Clock, CLOCK, DomainError, Forbidden } from '@lib/platform';
import { MilestoneStateConflict } from '../domain/milestone';
import { CampaignRepository } from '../persistence/campaign.repository';
import { MilestoneEntity } from '../persistence/milestone.entity';
import { MilestoneRepository } from '../persistence/milestone.repository';
import { CampaignsErrorCode } from '../campaigns.errors';

/** The result the promoter reports, with its documents (each with its sha256). */
export interface EvidenceInput {
  reportedValue: number;
  description: string;
  documents: { url: string; sha256: string }[];
}

export class SubmitEvidenceCommand extends Command<{ id: string; milestone: MilestoneEntity }> {
  constructor(
    readonly actor: Actor,
    readonly campaignId: string,
    readonly milestoneId: string,
    readonly input: EvidenceInput,
  ) {
    super();
  }
}

/** The promoter reports a result; evidence can be added again until a verifier has decided. */
@CommandHandler(SubmitEvidenceCommand)
export class SubmitEvidenceHandler implements ICommandHandler<SubmitEvidenceCommand> {
  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly milestones: MilestoneRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Transactional('campaigns')
  async execute({ actor, campaignId, milestoneId, input }: SubmitEvidenceCommand) {
    const campaign = await this.campaigns.getForUpdate(campaignId);
    const milestone = await this.milestones.get(campaignId, milestoneId);
    if (campaign.promoterId !== actor.id) throw new Forbidden('Only the promoter who owns this campaign may submit evidence');
    if (campaign.status !== 'in_delivery')
      throw new DomainError(
        CampaignsErrorCode.CAMPAIGN_NOT_IN_DELIVERY,
        'conflict',
        `Evidence is accepted while the campaign is in delivery; it is ${campaign.status}`,
      );
    if (milestone.status !== 'pending' && milestone.status !== 'evidence_submitted') throw new MilestoneStateConflict(milestone.status, 'take evidence');
    const id = randomUUID();
    await this.milestones.addEvidence({
      id,
      milestoneId: milestone.id,
      campaignId: campaign.id,
      reportedValue: input.reportedValue,
      description: input.description,
      documents: input.documents,
      submittedBy: actor.id,
      submittedAt: this.clock.now(),
    });
    milestone.status = 'evidence_submitted';
    await this.milestones.update(milestone.id, { status: 'evidence_submitted' });
    return { id, milestone };
  }
}
