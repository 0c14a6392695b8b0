import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { MessagingModule } from '@lib/messaging';
import { ServiceDatabaseModule } from '@lib/platform';
import { CreateCallHandler } from './commands/create-call.command';
import { CreateCampaignHandler } from './commands/create-campaign.command';
import { ReviewCampaignHandler } from './commands/review-campaign.command';
import { CallsController } from './http/calls.controller';
import { CampaignsController } from './http/campaigns.controller';
import { CallEntity } from './persistence/call.entity';
import { CampaignEntity } from './persistence/campaign.entity';
import { MilestoneEntity } from './persistence/milestone.entity';
import { CreateCampaigns1767225600000 } from './persistence/migrations/1767225600000-create-campaigns';
import { GetCallHandler, ListCallsHandler } from './queries/call-queries';
import { GetCampaignHandler, ListCampaignsHandler } from './queries/campaign-queries';

const database = ServiceDatabaseModule.forService({
  service: 'campaigns',
  entities: [CallEntity, CampaignEntity, MilestoneEntity],
  migrations: [CreateCampaigns1767225600000],
});

/** Calls, campaigns and their lifecycle, milestones. Hosted alone or inside the embedded app. */
@Module({
  imports: [CqrsModule, database, MessagingModule.forService('campaigns', database)],
  controllers: [CallsController, CampaignsController],
  providers: [
    CreateCallHandler, CreateCampaignHandler, ReviewCampaignHandler,
    GetCallHandler, ListCallsHandler, GetCampaignHandler, ListCampaignsHandler,
  ],
})
export class CampaignsModule {}
