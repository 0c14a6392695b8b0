import { IsInt, IsNumber, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { defineEvent } from '../registry';

/**
 * A verifier accepted the milestone's evidence. achievementBps = (verified - baseline) * 10000 /
 * (target - baseline), floored, clamped to 0..10000: payouts applies the payment rule to it.
 */
export class MilestoneVerifiedV1 {
  @IsUUID() campaignId!: string;
  @IsUUID() milestoneId!: string;
  @IsNumber({ allowNaN: false, allowInfinity: false }) verifiedValue!: number;
  @IsInt() @Min(0) @Max(10000) achievementBps!: number;
  @IsString() verifierId!: string;
}
export const MilestoneVerified = defineEvent({
  type: 'milestone.verified',
  version: 1,
  producer: 'campaigns',
  aggregateType: 'campaign',
  schema: MilestoneVerifiedV1,
});

export class MilestoneFailedV1 {
  @IsUUID() campaignId!: string;
  @IsUUID() milestoneId!: string;
  @IsNumber({ allowNaN: false, allowInfinity: false }) verifiedValue!: number;
  @IsString() verifierId!: string;
  @IsString() @Length(0, 2000) notes!: string;
}
export const MilestoneFailed = defineEvent({
  type: 'milestone.failed',
  version: 1,
  producer: 'campaigns',
  aggregateType: 'campaign',
  schema: MilestoneFailedV1,
});

/** No accepted verification by dueAt + grace period. */
export class MilestoneExpiredV1 {
  @IsUUID() campaignId!: string;
  @IsUUID() milestoneId!: string;
  @IsString() dueAt!: string;
}
export const MilestoneExpired = defineEvent({
  type: 'milestone.expired',
  version: 1,
  producer: 'campaigns',
  aggregateType: 'campaign',
  schema: MilestoneExpiredV1,
});
