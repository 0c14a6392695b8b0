import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { MessagingModule } from '@lib/messaging';
import { auditLogController, ServiceDatabaseModule } from '@lib/platform';
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
import { ListCallCampaignsHandler, ListEvidenceToVerifyHandler, ListMyCampaignsHandler } from './queries/workspace-queries';
import { WorkspaceController } from './http/workspace.controller';
import { GetCampaignHandler, ListCampaignsHandler, ListUpdatesHandler } from './queries/campaign-queries';
import { CancelCampaignHandler } from './commands/cancel-campaign.command';
import { SubmitEvidenceHandler } from './commands/submit-evidence.command';
import { VerifyMilestoneHandler } from './commands/verify-milestone.command';
import { PostUpdateHandler } from './commands/post-update.command';
import { CloseCampaignOnFinalFigures } from './consumers/close-campaign-on-final-figures.consumer';
import { TrackProgressOnPledgeEvents } from './consumers/track-progress-on-pledge-events.consumer';
import { TrackMatchOnMatchUpdated } from './consumers/track-match-on-match-updated.consumer';
import { MilestonesController } from './http/milestones.controller';
import { CampaignJobs } from './jobs/campaign-jobs';
import { CampaignDelivery1767225600001 } from './persistence/migrations/1767225600001-campaign-delivery';
import { PromoterName1767225600002 } from './persistence/migrations/1767225600002-promoter-name';
import { AuditLogCampaigns1767225600100 } from './persistence/migrations/1767225600100-audit-log';
import { OutboxNotifyCampaigns1767225600101 } from './persistence/migrations/1767225600101-outbox-notify';
import { TranchesSettled1767225600210 } from './persistence/migrations/1767225600210-tranches-settled';
import { CampaignListIndexes1767225600300 } from './persistence/migrations/1767225600300-campaign-list-indexes';
import { CompleteCampaignOnTranchesSettled } from './consumers/complete-campaign-on-tranches-settled.consumer';
import { CampaignsAuditFiguresController } from './http/audit-figures.controller';
import { AuditFiguresReadModel } from './persistence/audit-figures.read-model';
import { CallRepository } from './persistence/call.repository';
import { CampaignClosingRepository } from './persistence/campaign-closing.repository';
import { CampaignProgressRepository } from './persistence/campaign-progress.repository';
import { CampaignReadModel } from './persistence/campaign.read-model';
import { CampaignRepository } from './persistence/campaign.repository';
import { MilestoneRepository } from './persistence/milestone.repository';
import { WorkspaceReadModel } from './persistence/workspace.read-model';

const database = ServiceDatabaseModule.forService({
  service: 'campaigns',
  entities: [CallEntity, CampaignEntity, MilestoneEntity],
  migrations: [
    CreateCampaigns1767225600000,
    CampaignDelivery1767225600001,
    PromoterName1767225600002,
    AuditLogCampaigns1767225600100,
    OutboxNotifyCampaigns1767225600101,
    TranchesSettled1767225600210,
    CampaignListIndexes1767225600300,
  ],
});

/** Calls, campaigns and their lifecycle, milestones. Hosted alone or inside the embedded app. */
import { campaignsConfigProvider } from './campaigns.config';

@Module({
  imports: [CqrsModule, database, MessagingModule.forService('campaigns', database)],
  controllers: [
    CallsController,
    CampaignsController,
    MilestonesController,
    WorkspaceController,
    CampaignsAuditFiguresController,
    auditLogController('campaigns'),
  ],
  providers: [
    campaignsConfigProvider,
    CampaignRepository,
    CallRepository,
    MilestoneRepository,
    CampaignClosingRepository,
    CampaignProgressRepository,
    CampaignReadModel,
    WorkspaceReadModel,
    AuditFiguresReadModel,
    CreateCallHandler,
    CreateCampaignHandler,
    ReviewCampaignHandler,
    CancelCampaignHandler,
    SubmitEvidenceHandler,
    VerifyMilestoneHandler,
    PostUpdateHandler,
    GetCallHandler,
    ListCallsHandler,
    GetCampaignHandler,
    ListCampaignsHandler,
    ListUpdatesHandler,
    ListMyCampaignsHandler,
    ListCallCampaignsHandler,
    ListEvidenceToVerifyHandler,
    TrackProgressOnPledgeEvents,
    TrackMatchOnMatchUpdated,
    CloseCampaignOnFinalFigures,
    CompleteCampaignOnTranchesSettled,
    CampaignJobs,
  ],
})
export class CampaignsModule {}
