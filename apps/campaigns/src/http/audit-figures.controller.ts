import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CampaignsFigures } from '@lib/ledger';
import { Roles } from '@lib/platform';
import { AuditFiguresReadModel } from '../persistence/audit-figures.read-model';

/**
 * `GET /audit/campaigns/figures` (admin): each campaign's progress read model (raised, backers,
 * pledges ever confirmed, match) from this service's own tables, for the platform audit (docs/audit.md).
 */
@ApiTags('audit')
@Controller('audit/campaigns')
export class CampaignsAuditFiguresController {
  constructor(private readonly figuresReadModel: AuditFiguresReadModel) {}

  @Get('figures')
  @Roles('admin')
  @ApiOperation({ summary: 'Per campaign: status, raised, backers, pledges counted, match — as the campaign page shows them; for GET /audit/platform' })
  figures(): Promise<CampaignsFigures> {
    return this.figuresReadModel.figures();
  }
}
