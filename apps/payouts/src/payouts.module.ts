import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { MessagingModule } from '@lib/messaging';
import { PLATFORM_CONFIG, PlatformConfig, ServiceDatabaseModule, auditLogController } from '@lib/platform';
import { ConfirmExternalPaymentHandler } from './commands/confirm-external-payment.command';
import { ReleaseAuthority } from './services/release-authority';
import { ReleaseTrancheHandler } from './commands/release-tranche.command';
import { SetPayoutAccountHandler } from './commands/set-payout-account.command';
import { RefundsAfterClose } from './services/refunds-after-close';
import { ReturnMatchOnMatchWithdrawn } from './consumers/return-match-on-match-withdrawn.consumer';
import { PlanTranchesOnCampaignSuccess } from './consumers/plan-tranches-on-campaign-success.consumer';
import { RecordEscrowOnPledgeEvents } from './consumers/record-escrow-on-pledge-events.consumer';
import { RecordDonorRefundsOnDonorShareRefunded } from './consumers/record-donor-refunds-on-donor-share-refunded.consumer';
import { SettleTrancheOnMilestoneOutcome } from './consumers/settle-tranche-on-milestone-outcome.consumer';
import { TrackCampaignOnCampaignPublished } from './consumers/track-campaign-on-campaign-published.consumer';
import { PayoutsController } from './http/payouts.controller';
import { PayoutRetryJob } from './jobs/payout-retry.job';
import { PAYOUT_GATEWAY, SandboxPayouts, StripePayouts } from './payments/payout-gateway';
import { Payouts } from './payments/tranche-payout';
import { CampaignOutcomeRepository } from './persistence/campaign-outcome.repository';
import { CampaignViewRepository } from './persistence/campaign-view.repository';
import { EscrowRepository } from './persistence/escrow.repository';
import { FundViewRepository } from './persistence/fund-view.repository';
import { LedgerAuditReadModel } from './persistence/ledger-audit.read-model';
import { LedgerReadModel } from './persistence/ledger.read-model';
import { PayoutAccountRepository } from './persistence/payout-account.repository';
import { PayoutsFiguresReadModel } from './persistence/payouts-figures.read-model';
import { RefundsAfterCloseRepository } from './persistence/refunds-after-close.repository';
import { TranchePlanRepository } from './persistence/tranche-plan.repository';
import { TrancheRepository } from './persistence/tranche.repository';
import { CreatePayouts1767225600000 } from './persistence/migrations/1767225600000-create-payouts';
import { LedgerTranches1767225600001 } from './persistence/migrations/1767225600001-ledger-tranches';
import { RefundsAfterClose1767225600020 } from './persistence/migrations/1767225600020-refunds-after-close';
import { FundViewSourceShares1767225600030 } from './persistence/migrations/1767225600030-fund-view-source-shares';
import { AuditLogPayouts1767225600100 } from './persistence/migrations/1767225600100-audit-log';
import { OutboxNotifyPayouts1767225600101 } from './persistence/migrations/1767225600101-outbox-notify';
import { LedgerReadIndexes1767225600102 } from './persistence/migrations/1767225600102-ledger-read-indexes';
import { CallOwnerPayouts1767225600210 } from './persistence/migrations/1767225600210-call-owner';
import { PublicMoneyExport1767225600300 } from './persistence/migrations/1767225600300-public-money-export';
import { LedgerQueries } from './queries/ledger.queries';
import { PayoutsAuditController } from './http/audit.controller';
import { PlatformAudit } from './audit/platform-audit';

const database = ServiceDatabaseModule.forService({
  service: 'payouts',
  entities: [],
  migrations: [
    CreatePayouts1767225600000,
    LedgerTranches1767225600001,
    RefundsAfterClose1767225600020,
    FundViewSourceShares1767225600030,
    AuditLogPayouts1767225600100,
    OutboxNotifyPayouts1767225600101,
    LedgerReadIndexes1767225600102,
    CallOwnerPayouts1767225600210,
    PublicMoneyExport1767225600300,
  ],
});

/** Ledger, escrow, tranche plans, releases and transfers. Hosted alone or embedded. */
import { payoutsConfigProvider } from './payouts.config';

@Module({
  imports: [CqrsModule, database, MessagingModule.forService('payouts', database)],
  controllers: [PayoutsController, PayoutsAuditController, auditLogController('payouts')],
  providers: [
    payoutsConfigProvider,
    {
      provide: PAYOUT_GATEWAY,
      inject: [PLATFORM_CONFIG],
      useFactory: (c: PlatformConfig) =>
        c.PAYMENTS_PROVIDER === 'stripe'
          ? new StripePayouts(c.STRIPE_SECRET_KEY!, c.STRIPE_API_URL, c.PUBLIC_URL ?? 'http://localhost:3000')
          : new SandboxPayouts(c.PUBLIC_URL ?? 'http://localhost:3000'),
    },
    EscrowRepository,
    TrancheRepository,
    TranchePlanRepository,
    CampaignOutcomeRepository,
    RefundsAfterCloseRepository,
    PayoutAccountRepository,
    CampaignViewRepository,
    FundViewRepository,
    LedgerReadModel,
    LedgerAuditReadModel,
    PayoutsFiguresReadModel,
    RefundsAfterClose,
    Payouts,
    ReleaseAuthority,
    LedgerQueries,
    PlatformAudit,
    ReleaseTrancheHandler,
    ConfirmExternalPaymentHandler,
    SetPayoutAccountHandler,
    PayoutRetryJob,
    ReturnMatchOnMatchWithdrawn,
    TrackCampaignOnCampaignPublished,
    RecordEscrowOnPledgeEvents,
    RecordDonorRefundsOnDonorShareRefunded,
    PlanTranchesOnCampaignSuccess,
    SettleTrancheOnMilestoneOutcome,
  ],
})
export class PayoutsModule {}
