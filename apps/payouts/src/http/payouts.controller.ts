import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query, Res, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, Audited, CurrentActor, Idempotent, Public, Roles } from '@lib/platform';
import { ConfirmExternalPaymentCommand } from '../commands/confirm-external-payment.command';
import { ReleaseTrancheCommand } from '../commands/release-tranche.command';
import { SetPayoutAccountCommand } from '../commands/set-payout-account.command';
import { LedgerQueries } from '../queries/ledger.queries';
import { ConnectOnboardingAfterCommit } from '../payments/connect-onboarding.interceptor';
import { PayAfterCommit } from './pay-after-commit.interceptor';
import { PayoutAccountResponse, PublicMoneyRowResponse, TrancheResponse, TrancheStatusResponse } from './payout.response';
import { ConfirmPaymentDto, ExportQueryDto, PayoutAccountDto } from './payouts.dto';
import { streamPublicMoney } from './public-money-export';
import { PAYOUTS_CONFIG, type PayoutsConfig } from '../payouts.config';
import { PayoutsErrorCode } from '../payouts.errors';

@ApiTags('payouts')
@Controller()
export class PayoutsController {
  /** Exports streaming now, each on a database connection of its own (EXPORT_MAX_CONCURRENT). */
  private exporting = 0;

  constructor(
    private readonly commands: CommandBus,
    private readonly ledger: LedgerQueries,
    @Inject(PAYOUTS_CONFIG) private readonly config: PayoutsConfig,
  ) {}

  @Get('campaigns/:id/tranches')
  @Public()
  @ApiOperation({ summary: "The campaign's tranches: upfront and per milestone, donors' and funds' shares, status" })
  @ApiOkResponse({ type: [TrancheResponse] })
  tranches(@Param('id', ParseUUIDPipe) id: string) {
    return this.ledger.tranches(id);
  }

  @Post('tranches/:id/release')
  @HttpCode(200)
  @Roles('funder', 'admin')
  @Idempotent('payouts')
  @Audited('payouts', 'tranche.release', 'tranche')
  @ApiOperation({ summary: "Release an eligible tranche (a funder with a match share in it, the call's funder, or an admin); then it is paid, after commit" })
  @ApiOkResponse({ type: TrancheStatusResponse })
  @UseInterceptors(PayAfterCommit) // outermost (closest to the method): runs after the audit/idempotency transactions commit
  release(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.commands.execute(new ReleaseTrancheCommand(actor, id));
  }

  @Post('tranches/:id/confirm-payment')
  @HttpCode(200)
  @Roles('funder', 'admin')
  @Audited('payouts', 'tranche.confirm_payment', 'tranche')
  @ApiOperation({ summary: "Record the treasury's bank transfer of a released tranche (external payouts)" })
  @ApiOkResponse({ type: TrancheStatusResponse })
  confirm(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: ConfirmPaymentDto) {
    return this.commands.execute(new ConfirmExternalPaymentCommand(actor, id, body.bankReference));
  }

  @Post('promoters/me/payout-account')
  @HttpCode(200)
  @Roles('promoter')
  @Audited('payouts', 'promoter.payout_account', 'payout_account')
  @ApiOperation({ summary: 'Start Stripe Connect onboarding (returns a link) or record an IBAN for external payouts' })
  @ApiOkResponse({ type: PayoutAccountResponse })
  @UseInterceptors(ConnectOnboardingAfterCommit) // outermost (closest to the method): the provider is called after the choice and its audit entry commit
  payoutAccount(@CurrentActor() actor: Actor, @Body() body: PayoutAccountDto) {
    return this.commands.execute(
      new SetPayoutAccountCommand(actor, { method: body.method, iban: body.iban, accountHolder: body.accountHolder, country: body.country }),
    );
  }

  @Get('ledger/campaigns/:id')
  @Public()
  @ApiOperation({ summary: "The campaign's escrow accounts, balances and every movement" })
  campaignLedger(@Param('id', ParseUUIDPipe) id: string) {
    return this.ledger.campaignLedger(id);
  }

  @Get('ledger/funds/:id')
  @Public()
  @ApiOperation({ summary: "A fund's money in campaigns: committed, released, returned, held — split per declared source share (docs/money-rules.md)" })
  fundLedger(@Param('id', ParseUUIDPipe) id: string) {
    return this.ledger.fundLedger(id);
  }

  @Get('transparency/export')
  @Public()
  @ApiProduces('application/json', 'text/csv')
  @ApiExtraModels(PublicMoneyRowResponse)
  @ApiOkResponse({
    content: {
      'application/json': { schema: { type: 'array', items: { $ref: getSchemaPath(PublicMoneyRowResponse) } } },
      'text/csv': { schema: { type: 'string', description: 'the same rows, one line each; sourceShares as source:bps;source:bps' } },
    },
  })
  @ApiOperation({
    summary:
      'Every movement of public money (fund, source tags, campaign, tranche, amount, date, status), streamed; filtered by fund, call, campaign and date range',
  })
  async export(@Query() query: ExportQueryDto, @Res() res: Response) {
    if (this.exporting >= this.config.EXPORT_MAX_CONCURRENT) {
      res.setHeader('Retry-After', '5');
      res.status(429).json({
        statusCode: 429,
        code: PayoutsErrorCode.EXPORT_BUSY,
        message: `${this.exporting} exports are streaming already; retry in a few seconds`,
      });
      return;
    }
    this.exporting++;
    try {
      const { format, ...filter } = query;
      await streamPublicMoney(res, format === 'csv' ? 'csv' : 'json', this.ledger.publicMoney(filter), this.config.EXPORT_STALL_MS);
    } finally {
      this.exporting--;
    }
  }

  @Get('ledger/audit')
  @Roles('admin')
  @Audited('payouts', 'ledger.audit', 'ledger')
  @ApiOperation({
    summary:
      'Check the ledger invariants of design.md §3; 200 {ok: true} when all hold, with the open items an admin must resolve (forced refunds beyond an escrow)',
  })
  async audit() {
    const violations = await this.ledger.audit();
    return { ok: violations.length === 0, violations, openItems: await this.ledger.openItems() };
  }
}
