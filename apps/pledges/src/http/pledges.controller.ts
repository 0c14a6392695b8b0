import { Body, Controller, Get, Header, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, RawBodyRequest, Req, UseInterceptors } from '@nestjs/common';
import type { Request } from 'express';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Actor, Audited, CurrentActor, Idempotent, idempotencyClaimOf, Public, RateLimited, Roles } from '@lib/platform';
import { HandleStripeEventCommand } from '../commands/handle-stripe-event.command';
import { RefundJob } from '../jobs/refund.job';
import { MatchQuoteInterceptor, RequestWithQuote } from '../quotes/match-quote.interceptor';
import { AttachPaymentInterceptor } from '../payments/attach-payment.interceptor';
import { FlushProviderRefundsInterceptor } from '../payments/flush-provider-refunds.interceptor';
import { AdminRefundCommand } from '../commands/admin-refund.command';
import { ConfirmSandboxPaymentCommand } from '../commands/confirm-sandbox-payment.command';
import { CreatePledgeCommand } from '../commands/create-pledge.command';
import { PledgeEntity } from '../persistence/pledge.entity';
import { GetPledgeQuery } from '../queries/get-pledge.query';
import { GetReceiptQuery } from '../queries/get-receipt.query';
import { ListMyPledgesQuery } from '../queries/list-my-pledges.query';
import { CreatedPledgeResponse, PledgeResponse, RefundProgressResponse } from './pledge.response';
import { CreatePledgeDto, CreatePledgeQueryDto, RefundDto, SandboxConfirmDto } from './pledges.dto';

/** What a donor sees of a pledge (PledgeResponse, as JSON carries it). */
export function toPledgeView(p: PledgeEntity) {
  return {
    id: p.id,
    campaignId: p.campaignId,
    amount: p.amount,
    currency: p.currency,
    status: p.status,
    // Number(): after insert() TypeORM merges the column default back raw (the string "0"), past the transformer
    refundedAmount: p.status === 'refunded' ? p.amount : Number(p.refundedAmount ?? 0),
    anonymous: p.anonymous,
    displayName: p.displayName,
    message: p.message,
    payment: { provider: p.paymentProvider },
    failureReason: p.failureReason,
    createdAt: p.createdAt,
    confirmedAt: p.confirmedAt,
    refundedAt: p.refundedAt,
    refundReason: p.refundReason,
  };
}

@ApiTags('pledges')
@Controller()
export class PledgesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly refundJob: RefundJob,
  ) {}

  @Post('pledges')
  @Roles('citizen')
  @RateLimited('pledge')
  @Idempotent('pledges', { grouped: true }) // the key is claimed in the group commit's transaction (CreatePledgesGroup)
  @UseInterceptors(MatchQuoteInterceptor, AttachPaymentInterceptor) // listed after @Idempotent, so they run outside any transaction
  @ApiOperation({ summary: 'Pledge to a live campaign; pay it next (sandbox-confirm or Stripe); ?quote=true adds the live match quote' })
  @ApiCreatedResponse({ type: CreatedPledgeResponse })
  // The query is validated here (400 on a bad value); MatchQuoteInterceptor reads it before the pipes run.
  async create(@CurrentActor() actor: Actor, @Body() body: CreatePledgeDto, @Query() _query: CreatePledgeQueryDto, @Req() req: RequestWithQuote) {
    const { campaignId, amount, currency, anonymous, displayName, message } = body;
    const answer = (pledge: PledgeEntity) => ({ ...toPledgeView(pledge), matchQuote: req.matchQuote ?? null });
    const input = { campaignId, amount, currency, anonymous, displayName, message };
    return this.commands.execute(new CreatePledgeCommand(actor, input, answer, idempotencyClaimOf(req)));
  }

  @Post('pledges/:id/sandbox-confirm')
  @HttpCode(200)
  @Roles('citizen')
  @RateLimited('pledge')
  @UseInterceptors(FlushProviderRefundsInterceptor) // a payment that came too late is refunded after commit
  @ApiOperation({ summary: 'Pay with a Stripe test card (sandbox provider only; the donor)' })
  @ApiOkResponse({ type: PledgeResponse })
  async confirm(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: SandboxConfirmDto) {
    return toPledgeView(await this.commands.execute(new ConfirmSandboxPaymentCommand(actor, id, body.cardNumber)));
  }

  @Get('pledges/:id')
  @Roles('citizen', 'admin')
  @ApiOperation({ summary: 'A pledge (its donor, or an admin)' })
  @ApiOkResponse({ type: PledgeResponse })
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return toPledgeView(await this.queries.execute(new GetPledgeQuery(actor, id)));
  }

  @Get('me/pledges')
  @Roles('citizen')
  @ApiOperation({ summary: "The caller's own pledges, newest first" })
  @ApiOkResponse({ type: [PledgeResponse] })
  async mine(@CurrentActor() actor: Actor) {
    return (await this.queries.execute(new ListMyPledgesQuery(actor))).map(toPledgeView);
  }

  @Post('pledges/:id/refund')
  @HttpCode(200)
  @Roles('admin')
  @Idempotent('pledges')
  @Audited('pledges', 'pledge.refund', 'pledge')
  @UseInterceptors(FlushProviderRefundsInterceptor) // listed last: the provider refund runs after every transaction of the request
  @ApiOperation({ summary: 'Refund one pledge (admin; idempotent)' })
  @ApiOkResponse({ type: PledgeResponse })
  async refund(@Param('id', ParseUUIDPipe) id: string, @Body() body: RefundDto) {
    return toPledgeView(await this.commands.execute(new AdminRefundCommand(id, body.reason ?? 'refunded by an admin')));
  }

  @Get('pledges/:id/receipt')
  @Roles('citizen', 'admin')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'HTML receipt of a paid pledge (its donor, or an admin)' })
  receipt(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.queries.execute(new GetReceiptQuery(actor, id));
  }

  @Post('payments/stripe/webhook')
  @HttpCode(200)
  @Public()
  @UseInterceptors(FlushProviderRefundsInterceptor) // a payment that came too late is refunded after commit
  @ApiOperation({ summary: 'Stripe events (signature checked on the raw body; each event applied once)' })
  webhook(@Req() req: RawBodyRequest<Request>, @Headers('stripe-signature') signature?: string) {
    return this.commands.execute(new HandleStripeEventCommand(req.rawBody, signature));
  }

  @Get('payments/campaigns/:id/refunds')
  @Roles('admin')
  @ApiOperation({ summary: "Progress of a campaign's refunds (admin)" })
  @ApiOkResponse({ type: RefundProgressResponse })
  async refunds(@Param('id', ParseUUIDPipe) id: string) {
    return { campaignId: id, ...(await this.refundJob.progress(id)) };
  }
}
