import { Injectable } from '@nestjs/common';
import { CampaignsFigures, messagingFigures } from '@lib/ledger';
import { InjectTx, integer, cents, Tx } from '@lib/platform';

/**
 * Each campaign's progress read model (raised, backers, pledges ever confirmed, match) from this
 * service's own tables, for the platform audit (docs/audit.md).
 */
@Injectable()
export class AuditFiguresReadModel {
  constructor(@InjectTx('campaigns') private readonly txHost: Tx) {}

  async figures(): Promise<CampaignsFigures> {
    const rows: Record<string, unknown>[] = await this.txHost.tx.query(
      `SELECT id, status, pledged_amount, backers, confirmed_pledges, matched_amount FROM campaigns.campaigns
        WHERE status NOT IN ('draft', 'submitted', 'rejected') OR confirmed_pledges > 0 ORDER BY id`,
    );
    return {
      service: 'campaigns',
      ...(await messagingFigures(this.txHost.tx, 'campaigns')),
      campaigns: rows.map((r) => ({
        campaignId: r.id as string,
        status: r.status as string,
        raised: cents(r.pledged_amount, 'campaigns.pledged_amount'),
        backers: integer(r.backers, 'campaigns.backers'),
        confirmedPledges: integer(r.confirmed_pledges, 'campaigns.confirmed_pledges'),
        matched: cents(r.matched_amount, 'campaigns.matched_amount'),
      })),
    };
  }
}
