import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { Actor, Clock, CLOCK, DomainError, Forbidden, InjectTx, NotFound, Tx } from '@lib/platform';
import { UpdateDto } from '../http/milestones.dto';
import { CampaignEntity } from '../persistence/campaign.entity';
import { PUBLIC_STATUSES } from '../queries/campaign-queries';

export interface CampaignUpdate {
  id: string;
  campaignId: string;
  title: string;
  body: string;
  createdAt: Date;
}

export class PostUpdateCommand extends Command<CampaignUpdate> {
  constructor(
    readonly actor: Actor,
    readonly campaignId: string,
    readonly input: UpdateDto,
  ) {
    super();
  }
}

/** A short news item from the promoter to the campaign's backers (published campaigns only). */
@CommandHandler(PostUpdateCommand)
export class PostUpdateHandler implements ICommandHandler<PostUpdateCommand> {
  constructor(
    @InjectTx('campaigns') private readonly txHost: Tx,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Transactional('campaigns')
  async execute({ actor, campaignId, input }: PostUpdateCommand): Promise<CampaignUpdate> {
    const campaign = await this.txHost.tx.getRepository(CampaignEntity).findOneBy({ id: campaignId });
    if (!campaign) throw new NotFound('Campaign', campaignId);
    if (campaign.promoterId !== actor.id) throw new Forbidden('Only the promoter who owns this campaign may post updates');
    if (!PUBLIC_STATUSES.includes(campaign.status)) throw new DomainError('CAMPAIGN_NOT_PUBLISHED', 'conflict', `Updates can be posted once the campaign is published; it is ${campaign.status}`);
    const update = { id: randomUUID(), campaignId, title: input.title, body: input.body, createdAt: this.clock.now() };
    await this.txHost.tx.query(
      `INSERT INTO campaigns.campaign_updates (id, campaign_id, author_id, title, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [update.id, campaignId, actor.id, update.title, update.body, update.createdAt],
    );
    return update;
  }
}
