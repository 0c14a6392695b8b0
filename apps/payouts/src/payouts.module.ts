import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { MessagingModule } from '@lib/messaging';
import { PLATFORM_CONFIG, PlatformConfig, ServiceDatabaseModule, auditLogController } from '@lib/platform';
import { Escrow } from './commands/escrow';
import { RefundsAfterClose } from './commands/refunds-after-close';
import { ReturnMatchOnMatchWithdrawn } from './consumers/return-match-on-match-withdrawn.consumer';
import { SetPayoutAccountHandler } from './commands/payout-account.command';
import { ConfirmExternalPaymentHandler, Payouts, ReleaseTrancheHandler } from './commands/release-tranche.command';
import { PlanTranchesOnCampaignSuccess } from './consumers/plan-tranches-on-campaign-success.consumer';
import { RecordEscrowOnPledgeEvents } from './consumers/record-escrow-on-pledge-events.consumer';
import { RecordDonorRefundsOnDonorShareRefunded } from './consumers/record-donor-refunds-on-donor-share-refunded.consumer';
import { SettleTrancheOnMilestoneOutcome } from './consumers/settle-tranche-on-milestone-outcome.consumer';
import { TrackCampaignOnCampaignPublished } from './consumers/track-campaign-on-campaign-published.consumer';
import { PayoutsController } from './http/payouts.controller';
import { PayoutRetryJob } from './jobs/payout-retry.job';
import { PAYOUT_GATEWAY, SandboxPayouts, StripePayouts } from './payments/payout-gateway';
import { CreatePayouts1767225600000 } from './persistence/migrations/1767225600000-create-payouts';
import { LedgerTranches1767225600001 } from './persistence/migrations/1767225600001-ledger-tranches';
import { RefundsAfterClose1767225600020 } from './persistence/migrations/1767225600020-refunds-after-close';
import { FundViewSourceShares1767225600030 } from './persistence/migrations/1767225600030-fund-view-source-shares';
import { AuditLogPayouts1767225600100 } from './persistence/migrations/1767225600100-audit-log';
import { OutboxNotifyPayouts1767225600101 } from './persistence/migrations/1767225600101-outbox-notify';
import { LedgerReadIndexes1767225600102 } from './persistence/migrations/1767225600102-ledger-read-indexes';
import { CallOwnerPayouts1767225600210 } from './persistence/migrations/1767225600210-call-owner';
import { LedgerQueries } from './queries/ledger.queries';
import { TrancheSettlement } from './commands/tranche-settlement';
import { PayoutsAuditController } from './http/audit.controller';
import { PlatformAudit } from './audit/platform-audit';

const database = ServiceDatabaseModule.forService({
  service: 'payouts',
  entities: [],
  migrations: [CreatePayouts1767225600000, LedgerTranches1767225600001, RefundsAfterClose1767225600020, FundViewSourceShares1767225600030, AuditLogPayouts1767225600100, OutboxNotifyPayouts1767225600101, LedgerReadIndexes1767225600102, CallOwnerPayouts1767225600210],
});

/** Ledger, escrow, tranche plans, releases and transfers. Hosted alone or embedded. */
@Module({
  imports: [CqrsModule, database, MessagingModule.forService('payouts', database)],
  controllers: [PayoutsController, PayoutsAuditController, auditLogController('payouts')],
  providers: [
    {
      provide: PAYOUT_GATEWAY,
      inject: [PLATFORM_CONFIG],
      useFactory: (c: PlatformConfig) =>
        c.PAYMENTS_PROVIDER === 'stripe'
          ? new StripePayouts(c.STRIPE_SECRET_KEY!, c.STRIPE_API_URL, c.PUBLIC_URL ?? 'http://localhost:3000')
          : new SandboxPayouts(c.PUBLIC_URL ?? 'http://localhost:3000'),
    },
    Escrow, RefundsAfterClose, ReturnMatchOnMatchWithdrawn, Payouts, TrancheSettlement, LedgerQueries, PlatformAudit, ReleaseTrancheHandler, ConfirmExternalPaymentHandler, SetPayoutAccountHandler, PayoutRetryJob,
    TrackCampaignOnCampaignPublished, RecordEscrowOnPledgeEvents, RecordDonorRefundsOnDonorShareRefunded, PlanTranchesOnCampaignSuccess, SettleTrancheOnMilestoneOutcome,
  ],
})
export class PayoutsModule {}
