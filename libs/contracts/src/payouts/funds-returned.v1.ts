import { Type } from 'class-transformer';
import { IsArray, IsInt, IsString, IsUUID, Length, Min, ValidateNested } from 'class-validator';
import { defineEvent } from '../registry';

/** A forfeited match share (failed or expired milestone, unearned part) goes back to its fund. */
export class FundsReturnedV1 {
  @IsUUID() returnId!: string;
  @IsUUID() fundId!: string;
  @IsUUID() campaignId!: string;
  @IsInt() @Min(1) amount!: number;
  @IsString() @Length(3, 3) currency!: string;
  @IsString() @Length(1, 500) reason!: string;
}
export const FundsReturned = defineEvent({ type: 'funds.returned', version: 1, producer: 'payouts', aggregateType: 'fund-return', schema: FundsReturnedV1 });

export class TrancheFundShareV1 {
  @IsUUID() fundId!: string;
  @IsInt() @Min(0) amount!: number;
}

/** A tranche left the escrow for its promoter: the funds' shares in it are now spent. */
export class TrancheReleasedV1 {
  @IsUUID() trancheId!: string;
  @IsUUID() campaignId!: string;
  @IsInt() @Min(0) donorAmount!: number;
  @IsArray() @ValidateNested({ each: true }) @Type(() => TrancheFundShareV1) matchShares!: TrancheFundShareV1[];
  @IsString() @Length(3, 3) currency!: string;
}
export const TrancheReleased = defineEvent({ type: 'tranche.released', version: 1, producer: 'payouts', aggregateType: 'tranche', schema: TrancheReleasedV1 });

/** A tranche's unearned donors' share must go back to the donors (policy refund_donor_share), pro rata. */
export class DonorShareRefundRequestedV1 {
  @IsUUID() requestId!: string;
  @IsUUID() campaignId!: string;
  @IsUUID() trancheId!: string;
  @IsInt() @Min(1) amount!: number;
  @IsString() @Length(3, 3) currency!: string;
  @IsString() @Length(1, 500) reason!: string;
}
export const DonorShareRefundRequested = defineEvent({
  type: 'donor_share.refund_requested',
  version: 1,
  producer: 'payouts',
  aggregateType: 'donor-refund',
  schema: DonorShareRefundRequestedV1,
});

/**
 * Every tranche of the campaign is settled: paid to the promoter or forfeited (nothing of it can
 * move any more). Campaigns completes the campaign on it (issue 17 #18: completed means every
 * tranche is paid or forfeited, not only every milestone decided). Once per campaign.
 */
export class TranchesSettledV1 {
  @IsUUID() campaignId!: string;
  @IsInt() @Min(1) tranches!: number;
  @IsInt() @Min(0) paid!: number;
  @IsInt() @Min(0) forfeited!: number;
}
export const TranchesSettled = defineEvent({ type: 'tranches.settled', version: 1, producer: 'payouts', aggregateType: 'campaign', schema: TranchesSettledV1 });
