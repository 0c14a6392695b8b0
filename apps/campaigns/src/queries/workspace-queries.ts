import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Actor, Forbidden, hasRole } from '@lib/platform';
import { CallRepository } from '../persistence/call.repository';
import { CampaignReadModel } from '../persistence/campaign.read-model';
import { EvidenceToVerify, WorkspaceReadModel } from '../persistence/workspace.read-model';
import { CampaignView, toCampaignView } from './campaign-queries';

/**
 * Read models for the people who work on campaigns (the web app's workspaces): a promoter's own
 * campaigns in every status, a call's campaigns for the funder who owns it, the verifiers' queue.
 */

export class ListMyCampaignsQuery extends Query<CampaignView[]> {
  constructor(readonly actor: Actor) {
    super();
  }
}

@QueryHandler(ListMyCampaignsQuery)
export class ListMyCampaignsHandler implements IQueryHandler<ListMyCampaignsQuery> {
  constructor(private readonly campaigns: CampaignReadModel) {}

  async execute({ actor }: ListMyCampaignsQuery): Promise<CampaignView[]> {
    const rows = await this.campaigns.ofPromoter(actor.id);
    return rows.map(toCampaignView);
  }
}

export class ListCallCampaignsQuery extends Query<CampaignView[]> {
  constructor(
    readonly actor: Actor,
    readonly callId: string,
  ) {
    super();
  }
}

/** Every campaign submitted to a call (drafts stay the promoter's business): the funder's review desk. */
@QueryHandler(ListCallCampaignsQuery)
export class ListCallCampaignsHandler implements IQueryHandler<ListCallCampaignsQuery> {
  constructor(
    private readonly calls: CallRepository,
    private readonly campaigns: CampaignReadModel,
  ) {}

  async execute({ actor, callId }: ListCallCampaignsQuery): Promise<CampaignView[]> {
    const call = await this.calls.get(callId);
    if (!hasRole(actor, 'admin') && call.ownerId !== actor.id) throw new Forbidden('Only the funder who opened this call may review its campaigns');
    const rows = await this.campaigns.ofCall(callId);
    return rows.map(toCampaignView);
  }
}

export type { EvidenceToVerify };

export class ListEvidenceToVerifyQuery extends Query<EvidenceToVerify[]> {
  constructor(readonly actor: Actor) {
    super();
  }
}

/**
 * Milestones whose evidence awaits a verdict, oldest evidence first — only those the caller may
 * verify: the same independence as VerifyMilestoneHandler (assertVerifierIndependent) excludes the
 * campaigns it promotes, whose call it owns, that a fund of its matches (match.finalized, every rule
 * including quadratic) or that it backed (even if refunded since). The verdict checks it again.
 */
@QueryHandler(ListEvidenceToVerifyQuery)
export class ListEvidenceToVerifyHandler implements IQueryHandler<ListEvidenceToVerifyQuery> {
  constructor(private readonly workspace: WorkspaceReadModel) {}

  async execute({ actor }: ListEvidenceToVerifyQuery): Promise<EvidenceToVerify[]> {
    return this.workspace.evidenceToVerify(actor.id);
  }
}
