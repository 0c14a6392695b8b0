import { Controller, Get, Headers } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { PayoutsFigures } from '@lib/ledger';
import { InjectTx, Roles, Tx } from '@lib/platform';
import { payoutsFigures } from '../audit/payouts-figures';
import { PlatformAudit } from '../audit/platform-audit';

@ApiTags('audit')
@Controller('audit')
export class PayoutsAuditController {
  constructor(
    @InjectTx('payouts') private readonly txHost: Tx,
    private readonly platform: PlatformAudit,
  ) {}

  @Get('payouts/figures')
  @Roles('admin')
  @ApiOperation({ summary: "Per campaign the crowd's money and per fund the match as the payouts ledger holds them, and the ledger audit; for GET /audit/platform" })
  figures(): Promise<PayoutsFigures> {
    return payoutsFigures(this.txHost.tx);
  }

  @Get('platform')
  @Roles('admin')
  @ApiOperation({ summary: 'Cross-service reconciliation: every pledge counted once in every service, every committed match escrowed and planned, fund identities, caps, no negative balance (docs/audit.md)' })
  async report(@Headers('authorization') authorization: string) {
    const { figures, ...report } = await this.platform.report(authorization);
    return { ...report, ok: report.status === 'ok', checked: { campaigns: figures.campaigns.campaigns.length, funds: figures.matching.funds.length } };
  }
}
