import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { Actor, Clock, CLOCK, DomainError, Forbidden } from '@lib/platform';
import { CampaignRepository } from '../persistence/campaign.repository';
import { PUBLIC_STATUSES } from '../queries/campaign-queries';
import { CampaignsErrorCode } from '../campaigns.errors';

export interface CampaignUpdate {
  id: string;
  campaignId: string;
  title: string;
  body: string;
  createdAt: Date;
}

/** The news item as the promoter writes it. */
export interface PostUpdateInput {
  title: string;
  body: string;
}

export class PostUpdateCommand extends Command<CampaignUpdate> {
  constructor(
    readonly actor: Actor,
    readonly campaignId: string,
    readonly input: PostUpdateInput,
  ) {
    super();
  }
}

/** A short news item from the promoter to the campaign's backers (published campaigns only). */
@CommandHandler(PostUpdateCommand)
export class PostUpdateHandler implements ICommandHandler<PostUpdateCommand> {
  constructor(
    private readonly campaigns: CampaignRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Transactional('campaigns')
  async execute({ actor, campaignId, input }: PostUpdateCommand): Promise<CampaignUpdate> {
    const campaign = await this.campaigns.get(campaignId);
    if (campaign.promoterId !== actor.id) throw new Forbidden('Only the promoter who owns this campaign may post updates');
    if (!PUBLIC_STATUSES.includes(campaign.status))
      throw new DomainError(
        CampaignsErrorCode.CAMPAIGN_NOT_PUBLISHED,
        'conflict',
        `Updates can be posted once the campaign is published; it is ${campaign.status}`,
      );
    const update = { id: randomUUID(), campaignId, title: input.title, body: input.body, createdAt: this.clock.now() };
    await this.campaigns.addUpdate({ ...update, authorId: actor.id });
    return update;
  }
}
