import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { MessagingModule } from '@lib/messaging';
import { ServiceDatabaseModule } from '@lib/platform';
import { TrackCampaignOnCampaignPublished } from './consumers/track-campaign-on-campaign-published.consumer';
import { CreatePayouts1767225600000 } from './persistence/migrations/1767225600000-create-payouts';

const database = ServiceDatabaseModule.forService({
  service: 'payouts',
  entities: [],
  migrations: [CreatePayouts1767225600000],
});

/** Ledger, escrow, tranche plans, releases and transfers. Hosted alone or embedded. */
@Module({
  imports: [CqrsModule, database, MessagingModule.forService('payouts', database)],
  providers: [TrackCampaignOnCampaignPublished],
})
export class PayoutsModule {}
