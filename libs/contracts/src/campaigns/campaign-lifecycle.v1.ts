import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { defineEvent } from '../registry';

/** Cancelled by its promoter (before any confirmed pledge) or an admin: pledges refunds what it holds. */
export class CampaignCancelledV1 {
  @IsUUID() campaignId!: string;
  @IsString() @Length(1, 500) reason!: string;
}
export const CampaignCancelled = defineEvent({
  type: 'campaign.cancelled',
  version: 1,
  producer: 'campaigns',
  aggregateType: 'campaign',
  schema: CampaignCancelledV1,
});

export class TranchePlanMilestoneV1 {
  @IsUUID() milestoneId!: string;
  @IsInt() @Min(0) @Max(100) payoutSharePct!: number;
  @IsIn(['binary', 'proportional']) paymentRule!: 'binary' | 'proportional';
  @IsOptional() @IsInt() @Min(0) @Max(100) minAchievementPct!: number | null;
  @IsNumber({ allowNaN: false, allowInfinity: false }) baseline!: number;
  @IsNumber({ allowNaN: false, allowInfinity: false }) target!: number;
}

/** Funding closed with success: the facts payouts needs to plan tranches. */
export class CampaignSucceededV1 {
  @IsUUID() campaignId!: string;
  @IsString() promoterId!: string;
  @IsString() @Length(3, 3) currency!: string;
  @IsInt() @Min(1) goalAmount!: number;
  @IsInt() @Min(0) crowdAmount!: number;
  @IsInt() @Min(0) matchAmount!: number;
  @IsInt() @Min(0) @Max(100) upfrontSharePct!: number;
  @IsIn(['release_donor_share', 'refund_donor_share']) failedMilestonePolicy!: 'release_donor_share' | 'refund_donor_share';
  @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => TranchePlanMilestoneV1) milestones!: TranchePlanMilestoneV1[];
}
export const CampaignSucceeded = defineEvent({
  type: 'campaign.succeeded',
  version: 1,
  producer: 'campaigns',
  aggregateType: 'campaign',
  schema: CampaignSucceededV1,
});

/** Funding closed without reaching the goal (all-or-nothing) or with no pledge at all (keep-it-all). */
export class CampaignFailedV1 {
  @IsUUID() campaignId!: string;
  @IsInt() @Min(0) crowdAmount!: number;
  @IsInt() @Min(0) matchAmount!: number;
  @IsInt() @Min(1) goalAmount!: number;
  @IsString() @Length(1, 500) reason!: string;
}
export const CampaignFailed = defineEvent({ type: 'campaign.failed', version: 1, producer: 'campaigns', aggregateType: 'campaign', schema: CampaignFailedV1 });
