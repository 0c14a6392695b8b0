import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsInt, IsOptional, IsISO8601, IsString, IsUUID, Length, Min, ValidateNested } from 'class-validator';
import { defineEvent } from '../registry';

/** Money collected for a pledge. donorId lets matching apply per-donor caps and quadratic sums. */
export class PledgeConfirmedV1 {
  @IsUUID() pledgeId!: string;
  @IsUUID() campaignId!: string;
  @IsString() @Length(1, 200) donorId!: string;
  @IsInt() @Min(1) amount!: number;
  @IsString() @Length(3, 3) currency!: string;
  @IsISO8601({ strict: true }) confirmedAt!: string;
}
export const PledgeConfirmed = defineEvent({ type: 'pledge.confirmed', version: 1, producer: 'pledges', aggregateType: 'pledge', schema: PledgeConfirmedV1 });

export class PledgeRefundedV1 {
  @IsUUID() pledgeId!: string;
  @IsUUID() campaignId!: string;
  @IsString() @Length(1, 200) donorId!: string;
  @IsInt() @Min(1) amount!: number;
  @IsString() @Length(3, 3) currency!: string;
  @IsString() @Length(1, 200) reason!: string;
  /**
   * The pledge was counted in its campaign's funding.closed figures (the refund came after the
   * close): payouts takes it out of the escrow still unreleased (docs/money-rules.md). Optional:
   * added later; absent means false.
   */
  @IsOptional() @IsBoolean() countedAtClose?: boolean;
  /**
   * The pledge's whole amount as confirmed. `amount` (the money this refund pays back) is less when
   * pro-rata refunds of a forfeited donors' share paid part of the pledge back before: the pledge
   * stops counting in full all the same (campaigns' progress, backers). Optional: added later;
   * absent means equal to `amount`.
   */
  @IsOptional() @IsInt() @Min(1) pledgeAmount?: number;
}
export const PledgeRefunded = defineEvent({ type: 'pledge.refunded', version: 1, producer: 'pledges', aggregateType: 'pledge', schema: PledgeRefundedV1 });

/** The payment was declined or abandoned; nothing was collected. */
export class PledgeFailedV1 {
  @IsUUID() pledgeId!: string;
  @IsUUID() campaignId!: string;
  @IsString() @Length(1, 200) donorId!: string;
  @IsInt() @Min(1) amount!: number;
  @IsString() @Length(1, 500) reason!: string;
}
export const PledgeFailed = defineEvent({ type: 'pledge.failed', version: 1, producer: 'pledges', aggregateType: 'pledge', schema: PledgeFailedV1 });

export class DonorTotalV1 {
  @IsString() @Length(1, 200) donorId!: string;
  @IsInt() @Min(1) amount!: number;
}

/**
 * The campaign's deadline passed (plus the grace period for payments in flight): no pledge is
 * accepted any more, and these are the final crowd figures. Emitted once per campaign.
 */
export class FundingClosedV1 {
  @IsUUID() campaignId!: string;
  @IsString() @Length(3, 3) currency!: string;
  @IsInt() @Min(0) crowdAmount!: number;
  @IsInt() @Min(0) backers!: number;
  @IsArray() @ValidateNested({ each: true }) @Type(() => DonorTotalV1) donors!: DonorTotalV1[];
  @IsISO8601({ strict: true }) closedAt!: string;
}
export const FundingClosed = defineEvent({
  type: 'funding.closed',
  version: 1,
  producer: 'pledges',
  aggregateType: 'campaign-funding',
  schema: FundingClosedV1,
});

/** Pledges refunded a donor-share request pro rata to the campaign's pledges (sum = amount). */
export class DonorShareRefundedV1 {
  @IsUUID() requestId!: string;
  @IsUUID() campaignId!: string;
  @IsInt() @Min(0) amount!: number;
  @IsString() @Length(3, 3) currency!: string;
  @IsInt() @Min(0) pledges!: number;
}
export const DonorShareRefunded = defineEvent({
  type: 'donor_share.refunded',
  version: 1,
  producer: 'pledges',
  aggregateType: 'donor-refund',
  schema: DonorShareRefundedV1,
});
