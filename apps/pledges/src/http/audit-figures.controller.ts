import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { PledgesFigures } from '@lib/ledger';
import { Roles } from '@lib/platform';
import { PledgesReadModel } from '../persistence/pledges.read-model';

/**
 * `GET /audit/pledges/figures` (admin): the pledge totals this service holds, from its own tables
 * only, for the platform audit (docs/audit.md). Read-only, outside any transaction.
 */
@ApiTags('audit')
@Controller('audit/pledges')
export class PledgesAuditFiguresController {
  constructor(private readonly readModel: PledgesReadModel) {}

  @Get('figures')
  @Roles('admin')
  @ApiOperation({ summary: 'Per campaign: pledges collected, confirmed, refunded (in full and pro rata), backers — for GET /audit/platform' })
  figures(): Promise<PledgesFigures> {
    return this.readModel.auditFigures();
  }
}
