import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { Actor, Clock, CLOCK, DomainError, Forbidden, hasRole } from '@lib/platform';
import { nextStatus } from '../domain/campaign';
import { CampaignEntity } from '../persistence/campaign.entity';
import { CampaignRepository } from '../persistence/campaign.repository';
import { CampaignsErrorCode } from '../campaigns.errors';

export class CancelCampaignCommand extends Command<CampaignEntity> {
  constructor(
    readonly actor: Actor,
    readonly campaignId: string,
    readonly reason: string,
  ) {
    super();
  }
}

/**
 * The owner may cancel before any confirmed pledge; an admin at any time before closing. A
 * published campaign's cancellation is an event: pledges refunds whatever it holds for it.
 */
@CommandHandler(CancelCampaignCommand)
export class CancelCampaignHandler implements ICommandHandler<CancelCampaignCommand> {
  constructor(
    private readonly campaigns: CampaignRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Transactional('campaigns')
  async execute({ actor, campaignId, reason }: CancelCampaignCommand): Promise<CampaignEntity> {
    const campaign = await this.campaigns.getForUpdate(campaignId);
    const admin = hasRole(actor, 'admin');
    if (!admin && campaign.promoterId !== actor.id) throw new Forbidden('Only the promoter who owns this campaign, or an admin, may cancel it');
    const status = nextStatus(campaign.id, campaign.status, 'cancel'); // 409 once funding has closed
    if (!admin && campaign.confirmedPledges > 0) {
      throw new DomainError(CampaignsErrorCode.CAMPAIGN_HAS_PLEDGES, 'conflict', 'The campaign already has confirmed pledges; only an admin can cancel it now');
    }
    await this.campaigns.cancel(campaign, reason, this.clock.now());
    return { ...campaign, status, statusReason: reason };
  }
}
