import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { MessagingModule } from '@lib/messaging';
import { PLATFORM_CONFIG, PlatformConfig, ServiceDatabaseModule, auditLogController } from '@lib/platform';
import { AdminRefundHandler } from './commands/admin-refund.command';
import { ConfirmSandboxPaymentHandler } from './commands/confirm-sandbox-payment.command';
import { ConfirmSandboxPaymentsGroup } from './commands/confirm-sandbox-payments.group';
import { CreatePledgeHandler } from './commands/create-pledge.command';
import { CreatePledgesGroup } from './commands/create-pledges.group';
import { RefundPledges } from './services/refund-pledges';
import { PaymentOutcomes } from './services/payment-outcomes';
import { HandleStripeEventHandler } from './commands/handle-stripe-event.command';
import { RefundJob } from './jobs/refund.job';
import { MatchQuoteClient } from './quotes/match-quote.client';
import { MatchQuoteInterceptor } from './quotes/match-quote.interceptor';
import { AttachPaymentInterceptor } from './payments/attach-payment.interceptor';
import { FlushProviderRefundsInterceptor } from './payments/flush-provider-refunds.interceptor';
import { ProviderRefunds } from './payments/provider-refunds';
import { ProviderRefunds1767225600021 } from './persistence/migrations/1767225600021-provider-refunds';
import { PledgeAnnouncedAt1767225600040 } from './persistence/migrations/1767225600040-pledge-announced-at';
import { WebhooksRefundSaga1767225600002 } from './persistence/migrations/1767225600002-webhooks-refund-saga';
import { PartialRefunds1767225600003 } from './persistence/migrations/1767225600003-partial-refunds';
import { RefundCover1767225600020 } from './persistence/migrations/1767225600020-refund-cover';
import { RefundDonorShareOnRequest } from './consumers/refund-donor-share-on-request.consumer';
import { TallyRoundCutoffOnRequest } from './consumers/tally-round-cutoff-on-request.consumer';
import { AnnouncedConfirmations } from './persistence/announced-confirmations.repository';
import { RefundPledgesOnCampaignEnded } from './consumers/refund-pledges-on-campaign-ended.consumer';
import { TrackCampaignOnCampaignPublished } from './consumers/track-campaign-on-campaign-published.consumer';
import { TrackEscrowOnTrancheReleased } from './consumers/track-escrow-on-tranche-released.consumer';
import { BackersController } from './http/backers.controller';
import { PledgesController } from './http/pledges.controller';
import { CloseFundingJob } from './jobs/close-funding.job';
import { PAYMENT_GATEWAY } from './payments/payment-gateway';
import { SandboxGateway } from './payments/sandbox.gateway';
import { StripeGateway } from './payments/stripe.gateway';
import { CampaignViewEntity } from './persistence/campaign-view.entity';
import { CreatePledges1767225600000 } from './persistence/migrations/1767225600000-create-pledges';
import { PledgePayments1767225600001 } from './persistence/migrations/1767225600001-pledge-payments';
import { AuditLogPledges1767225600100 } from './persistence/migrations/1767225600100-audit-log';
import { OutboxNotifyPledges1767225600101 } from './persistence/migrations/1767225600101-outbox-notify';
import { PledgeEntity } from './persistence/pledge.entity';
import { CampaignViewRepository } from './persistence/campaign-view.repository';
import { PledgeRepository } from './persistence/pledge.repository';
import { PledgeGroups } from './persistence/pledge-groups.repository';
import { PledgeIdempotencyKeys } from './persistence/pledge-idempotency-keys.repository';
import { PledgesReadModel } from './persistence/pledges.read-model';
import { RefundRepository } from './persistence/refund.repository';
import { StripeEventRepository } from './persistence/stripe-event.repository';
import { ListCampaignBackersHandler } from './queries/list-campaign-backers.query';
import { GetPledgeHandler } from './queries/get-pledge.query';
import { GetReceiptHandler } from './queries/get-receipt.query';
import { ListMyPledgesHandler } from './queries/list-my-pledges.query';
import { PledgesAuditFiguresController } from './http/audit-figures.controller';
import { pledgesConfigProvider } from './pledges.config';

const database = ServiceDatabaseModule.forService({
  service: 'pledges',
  entities: [CampaignViewEntity, PledgeEntity],
  migrations: [
    CreatePledges1767225600000,
    PledgePayments1767225600001,
    WebhooksRefundSaga1767225600002,
    PartialRefunds1767225600003,
    RefundCover1767225600020,
    ProviderRefunds1767225600021,
    PledgeAnnouncedAt1767225600040,
    AuditLogPledges1767225600100,
    OutboxNotifyPledges1767225600101,
  ],
});

/** Pledges, payments, refunds and funding close. Hosted alone or inside the embedded app. */
@Module({
  imports: [CqrsModule, database, MessagingModule.forService('pledges', database)],
  controllers: [BackersController, PledgesController, PledgesAuditFiguresController, auditLogController('pledges')],
  providers: [
    pledgesConfigProvider,
    PledgeRepository,
    PledgeGroups,
    PledgeIdempotencyKeys,
    CampaignViewRepository,
    RefundRepository,
    StripeEventRepository,
    PledgesReadModel,
    {
      provide: PAYMENT_GATEWAY,
      inject: [PLATFORM_CONFIG],
      useFactory: (config: PlatformConfig) =>
        config.PAYMENTS_PROVIDER === 'stripe'
          ? new StripeGateway({ secretKey: config.STRIPE_SECRET_KEY!, apiUrl: config.STRIPE_API_URL })
          : new SandboxGateway(),
    },
    CreatePledgeHandler,
    CreatePledgesGroup,
    ConfirmSandboxPaymentHandler,
    ConfirmSandboxPaymentsGroup,
    AdminRefundHandler,
    HandleStripeEventHandler,
    RefundPledges,
    PaymentOutcomes,
    GetPledgeHandler,
    ListMyPledgesHandler,
    GetReceiptHandler,
    ListCampaignBackersHandler,
    TrackCampaignOnCampaignPublished,
    TrackEscrowOnTrancheReleased,
    RefundPledgesOnCampaignEnded,
    RefundDonorShareOnRequest,
    TallyRoundCutoffOnRequest,
    AnnouncedConfirmations,
    CloseFundingJob,
    RefundJob,
    MatchQuoteClient,
    MatchQuoteInterceptor,
    AttachPaymentInterceptor,
    ProviderRefunds,
    FlushProviderRefundsInterceptor,
  ],
})
export class PledgesModule {}
