import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { MessagingModule } from '@lib/messaging';
import { ServiceDatabaseModule } from '@lib/platform';
import { CreateFundHandler, TopUpFundHandler } from './commands/fund.commands';
import { TrackCampaignOnCampaignPublished } from './consumers/track-campaign-on-campaign-published.consumer';
import { FundsController } from './http/funds.controller';
import { MatchingCampaignViewEntity } from './persistence/campaign-view.entity';
import { FundEntity } from './persistence/fund.entity';
import { CreateMatching1767225600000 } from './persistence/migrations/1767225600000-create-matching';
import { IdempotencyKeys1767225600001 } from './persistence/migrations/1767225600001-idempotency-keys';
import { GetFundHandler } from './queries/get-fund.query';

const database = ServiceDatabaseModule.forService({
  service: 'matching',
  entities: [FundEntity, MatchingCampaignViewEntity],
  migrations: [CreateMatching1767225600000, IdempotencyKeys1767225600001],
});

/** Funds, matching rules, reservations, quadratic rounds, quotes. Hosted alone or embedded. */
@Module({
  imports: [CqrsModule, database, MessagingModule.forService('matching', database)],
  controllers: [FundsController],
  providers: [CreateFundHandler, TopUpFundHandler, GetFundHandler, TrackCampaignOnCampaignPublished],
})
export class MatchingModule {}
