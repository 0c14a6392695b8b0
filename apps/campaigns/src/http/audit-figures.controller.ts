import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CampaignsFigures, messagingFigures } from '@lib/ledger';
import { InjectTx, Roles, Tx } from '@lib/platform';

/**
 * `GET /audit/campaigns/figures` (admin): each campaign's progress read model (raised, backers,
 * pledges ever confirmed, match) from this service's own tables, for the platform audit (docs/audit.md).
 */
@ApiTags('audit')
@Controller('audit/campaigns')
export class CampaignsAuditFiguresController {
  constructor(@InjectTx('campaigns') private readonly txHost: Tx) {}

  @Get('figures')
  @Roles('admin')
  @ApiOperation({ summary: "Per campaign: status, raised, backers, pledges counted, match — as the campaign page shows them; for GET /audit/platform" })
  async figures(): Promise<CampaignsFigures> {
    const rows: Record<string, string>[] = await this.txHost.tx.query(
      `SELECT id, status, pledged_amount, backers, confirmed_pledges, matched_amount FROM campaigns.campaigns
        WHERE status NOT IN ('draft', 'submitted', 'rejected') OR confirmed_pledges > 0 ORDER BY id`,
    );
    return {
      service: 'campaigns',
      ...(await messagingFigures(this.txHost.tx, 'campaigns')),
      campaigns: rows.map((r) => ({
        campaignId: r.id,
        status: r.status,
        raised: Number(r.pledged_amount),
        backers: Number(r.backers),
        confirmedPledges: Number(r.confirmed_pledges),
        matched: Number(r.matched_amount),
      })),
    };
  }
}
