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
import { MatchAllocations1767225600002 } from './persistence/migrations/1767225600002-match-allocations';
import { FinalizeMatchOnFundingClosed } from './consumers/finalize-match-on-funding-closed.consumer';
import { SettleMatchesOnCampaignOutcome } from './consumers/settle-matches-on-campaign-outcome.consumer';
import { GetFundHandler } from './queries/get-fund.query';

const database = ServiceDatabaseModule.forService({
  service: 'matching',
  entities: [FundEntity, MatchingCampaignViewEntity],
  migrations: [CreateMatching1767225600000, IdempotencyKeys1767225600001, MatchAllocations1767225600002],
});

/** Funds, matching rules, reservations, quadratic rounds, quotes. Hosted alone or embedded. */
@Module({
  imports: [CqrsModule, database, MessagingModule.forService('matching', database)],
  controllers: [FundsController],
  providers: [
    CreateFundHandler, TopUpFundHandler, GetFundHandler,
    TrackCampaignOnCampaignPublished, FinalizeMatchOnFundingClosed, SettleMatchesOnCampaignOutcome,
  ],
})
export class MatchingModule {}
