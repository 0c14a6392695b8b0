import { Controller, Get, Headers } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { PayoutsFigures } from '@lib/ledger';
import { Roles } from '@lib/platform';
import { PlatformAudit } from '../audit/platform-audit';
import { PayoutsFiguresReadModel } from '../persistence/payouts-figures.read-model';

@ApiTags('audit')
@Controller('audit')
export class PayoutsAuditController {
  constructor(
    private readonly payouts: PayoutsFiguresReadModel,
    private readonly platform: PlatformAudit,
  ) {}

  @Get('payouts/figures')
  @Roles('admin')
  @ApiOperation({
    summary: "Per campaign the crowd's money and per fund the match as the payouts ledger holds them, and the ledger audit; for GET /audit/platform",
  })
  figures(): Promise<PayoutsFigures> {
    return this.payouts.figures();
  }

  @Get('platform')
  @Roles('admin')
  @ApiOperation({
    summary:
      'Cross-service reconciliation: every pledge counted once in every service, every committed match escrowed and planned, fund identities, caps, no negative balance (docs/audit.md)',
  })
  async report(@Headers('authorization') authorization: string) {
    const { figures, ...report } = await this.platform.report(authorization);
    return { ...report, ok: report.status === 'ok', checked: { campaigns: figures.campaigns.campaigns.length, funds: figures.matching.funds.length } };
  }
}
