import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { CampaignCancelled } from '@lib/contracts';
import { OutboxWriter } from '@lib/messaging';
import { Actor, Clock, CLOCK, DomainError, Forbidden, hasRole } from '@lib/platform';
import { CampaignStateConflict } from '../domain/campaign';
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

const CANCELLABLE = ['draft', 'submitted', 'rejected', 'scheduled', 'live'];

/**
 * The owner may cancel before any confirmed pledge; an admin at any time before closing. A
 * published campaign's cancellation is an event: pledges refunds whatever it holds for it.
 */
@CommandHandler(CancelCampaignCommand)
export class CancelCampaignHandler implements ICommandHandler<CancelCampaignCommand> {
  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Transactional('campaigns')
  async execute({ actor, campaignId, reason }: CancelCampaignCommand): Promise<CampaignEntity> {
    const campaign = await this.campaigns.getForUpdate(campaignId);
    const admin = hasRole(actor, 'admin');
    if (!admin && campaign.promoterId !== actor.id) throw new Forbidden('Only the promoter who owns this campaign, or an admin, may cancel it');
    if (!CANCELLABLE.includes(campaign.status)) throw new CampaignStateConflict(campaign.id, campaign.status, 'cancelled');
    if (!admin && campaign.confirmedPledges > 0) {
      throw new DomainError(CampaignsErrorCode.CAMPAIGN_HAS_PLEDGES, 'conflict', 'The campaign already has confirmed pledges; only an admin can cancel it now');
    }
    const published = campaign.status === 'scheduled' || campaign.status === 'live';
    campaign.status = 'cancelled';
    campaign.statusReason = reason;
    await this.campaigns.update(campaign.id, { status: 'cancelled', statusReason: reason, closedAt: this.clock.now() });
    if (published) await this.outbox.append({ contract: CampaignCancelled, aggregateId: campaign.id, payload: { campaignId: campaign.id, reason } });
    return campaign;
  }
}
