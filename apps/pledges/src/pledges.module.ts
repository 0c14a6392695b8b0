import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { MessagingModule } from '@lib/messaging';
import { ServiceDatabaseModule } from '@lib/platform';
import { TrackCampaignOnCampaignPublished } from './consumers/track-campaign-on-campaign-published.consumer';
import { BackersController } from './http/backers.controller';
import { CampaignViewEntity } from './persistence/campaign-view.entity';
import { CreatePledges1767225600000 } from './persistence/migrations/1767225600000-create-pledges';
import { ListCampaignBackersHandler } from './queries/list-campaign-backers.query';

const database = ServiceDatabaseModule.forService({
  service: 'pledges',
  entities: [CampaignViewEntity],
  migrations: [CreatePledges1767225600000],
});

/** Pledges, payments, refunds and funding close. Hosted alone or inside the embedded app. */
@Module({
  imports: [CqrsModule, database, MessagingModule.forService('pledges', database)],
  controllers: [BackersController],
  providers: [TrackCampaignOnCampaignPublished, ListCampaignBackersHandler],
})
export class PledgesModule {}
