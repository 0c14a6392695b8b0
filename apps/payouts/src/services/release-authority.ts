import { Injectable } from '@nestjs/common';
import { Actor } from '@lib/platform';
import { mayRelease } from '../domain/tranche';
import { CampaignViewRepository } from '../persistence/campaign-view.repository';
import { TrancheRepository } from '../persistence/tranche.repository';

/** domain/tranche `mayRelease` with its lookups: the tranche's funders, then the campaign's call owner (read only when needed). */
@Injectable()
export class ReleaseAuthority {
  constructor(
    private readonly tranches: TrancheRepository,
    private readonly campaigns: CampaignViewRepository,
  ) {}

  mayRelease(actor: Actor, trancheId: string, campaignId: string): Promise<boolean> {
    return mayRelease(actor, { fundersOf: () => this.tranches.fundersOf(trancheId), callOwner: () => this.campaigns.callOwnerOf(campaignId) });
  }
}
