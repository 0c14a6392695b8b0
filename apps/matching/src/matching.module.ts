import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { MessagingModule } from '@lib/messaging';
import { ServiceDatabaseModule, auditLogController } from '@lib/platform';
import { CloseFundHandler } from './commands/close-fund.command';
import { CreateFundHandler } from './commands/create-fund.command';
import { TopUpFundHandler } from './commands/top-up-fund.command';
import { TrackCampaignOnCampaignPublished } from './consumers/track-campaign-on-campaign-published.consumer';
import { FundsController, MyFundsController } from './http/funds.controller';
import { MatchingCampaignViewEntity } from './persistence/campaign-view.entity';
import { FundEntity } from './persistence/fund.entity';
import { CreateMatching1767225600000 } from './persistence/migrations/1767225600000-create-matching';
import { IdempotencyKeys1767225600001 } from './persistence/migrations/1767225600001-idempotency-keys';
import { MatchAllocations1767225600002 } from './persistence/migrations/1767225600002-match-allocations';
import { RulesRounds1767225600003 } from './persistence/migrations/1767225600003-rules-rounds';
import { PendingFinalizations1767225600004 } from './persistence/migrations/1767225600004-pending-finalizations';
import { FinalizationCaughtUp1767225600017 } from './persistence/migrations/1767225600017-finalization-caught-up';
import { MatchWithdrawals1767225600020 } from './persistence/migrations/1767225600020-match-withdrawals';
import { FundSourceShares1767225600030 } from './persistence/migrations/1767225600030-fund-source-shares';
import { RoundCutoffs1767225600041 } from './persistence/migrations/1767225600041-round-cutoffs';
import { RefundsCountedAtClose1767225600042 } from './persistence/migrations/1767225600042-refunds-counted-at-close';
import { MatchTotals1767225600043 } from './persistence/migrations/1767225600043-match-totals';
import { AuditLogMatching1767225600100 } from './persistence/migrations/1767225600100-audit-log';
import { OutboxNotifyMatching1767225600101 } from './persistence/migrations/1767225600101-outbox-notify';
import { AddRuleHandler } from './commands/add-rule.command';
import { ReserveMatchesOnPledgeEvents } from './consumers/reserve-matches-on-pledge-events.consumer';
import { ReturnFundsOnFundsReturned } from './consumers/return-funds-on-funds-returned.consumer';
import { SpendMatchesOnTrancheReleased } from './consumers/spend-matches-on-tranche-released.consumer';
import { MatchFinalization } from './services/match-finalization';
import { Settlement } from './services/settlement';
import { AuditFiguresReadModel } from './persistence/audit-figures.read-model';
import { CampaignMatchReadModel } from './persistence/campaign-match.read-model';
import { CampaignPledgeRepository } from './persistence/campaign-pledge.repository';
import { CampaignRepository } from './persistence/campaign.repository';
import { FinalizationRepository } from './persistence/finalization.repository';
import { FundReadModel } from './persistence/fund.read-model';
import { FundRepository } from './persistence/fund.repository';
import { MatchRepository } from './persistence/match.repository';
import { RoundReadModel } from './persistence/round.read-model';
import { RoundRepository } from './persistence/round.repository';
import { RuleRepository } from './persistence/rule.repository';
import { GetMatchQuoteHandler } from './queries/get-match-quote.query';
import { GetRoundHandler } from './queries/get-round.query';
import { MatchController } from './http/match.controller';
import { QuadraticRoundsJob } from './jobs/quadratic-rounds.job';
import { GetCampaignMatchHandler } from './queries/match.queries';
import { FinalizeMatchOnFundingClosed } from './consumers/finalize-match-on-funding-closed.consumer';
import { RecordRoundCutoffOnTallied } from './consumers/record-round-cutoff-on-tallied.consumer';
import { SettleMatchesOnCampaignOutcome } from './consumers/settle-matches-on-campaign-outcome.consumer';
import { GetFundHandler, ListFundsHandler } from './queries/get-fund.query';
import { MatchingAuditFiguresController } from './http/audit-figures.controller';

const database = ServiceDatabaseModule.forService({
  service: 'matching',
  entities: [FundEntity, MatchingCampaignViewEntity],
  migrations: [
    CreateMatching1767225600000,
    IdempotencyKeys1767225600001,
    MatchAllocations1767225600002,
    RulesRounds1767225600003,
    PendingFinalizations1767225600004,
    FinalizationCaughtUp1767225600017,
    MatchWithdrawals1767225600020,
    FundSourceShares1767225600030,
    RoundCutoffs1767225600041,
    RefundsCountedAtClose1767225600042,
    MatchTotals1767225600043,
    AuditLogMatching1767225600100,
    OutboxNotifyMatching1767225600101,
  ],
});

/** Funds, matching rules, reservations, quadratic rounds, quotes. Hosted alone or embedded. */
@Module({
  imports: [CqrsModule, database, MessagingModule.forService('matching', database)],
  controllers: [FundsController, MyFundsController, MatchController, MatchingAuditFiguresController, auditLogController('matching')],
  providers: [
    CreateFundHandler,
    TopUpFundHandler,
    CloseFundHandler,
    AddRuleHandler,
    GetFundHandler,
    ListFundsHandler,
    GetCampaignMatchHandler,
    GetMatchQuoteHandler,
    GetRoundHandler,
    CampaignRepository,
    CampaignPledgeRepository,
    FundRepository,
    MatchRepository,
    RuleRepository,
    RoundRepository,
    FinalizationRepository,
    FundReadModel,
    CampaignMatchReadModel,
    RoundReadModel,
    AuditFiguresReadModel,
    MatchFinalization,
    Settlement,
    QuadraticRoundsJob,
    TrackCampaignOnCampaignPublished,
    FinalizeMatchOnFundingClosed,
    SettleMatchesOnCampaignOutcome,
    ReserveMatchesOnPledgeEvents,
    ReturnFundsOnFundsReturned,
    SpendMatchesOnTrancheReleased,
    RecordRoundCutoffOnTallied,
  ],
})
export class MatchingModule {}
