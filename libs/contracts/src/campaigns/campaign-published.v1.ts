import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';
import { defineEvent } from '../registry';

export const PROMOTER_TYPES = ['ets', 'informal_group', 'social_enterprise', 'company'] as const;
export const FUNDING_MODELS = ['all_or_nothing', 'keep_it_all'] as const;

/** A campaign was approved and accepts pledges from `startsAt` to `endsAt`. */
export class CampaignPublishedV1 {
  @IsUUID() campaignId!: string;
  @IsOptional() @IsUUID() callId!: string | null;
  /** The funder that owns the call (it may release the campaign's tranches). Optional: added after the first release of v1. */
  @IsOptional() @IsString() @Length(1, 200) callOwnerId?: string;
  @IsString() @Length(1, 200) title!: string;
  @IsString() promoterId!: string;
  /** The promoter's public name (receipts, pages). Optional: added after the first release of v1. */
  @IsOptional() @IsString() @Length(1, 200) promoterName?: string;
  @IsIn(PROMOTER_TYPES) promoterType!: (typeof PROMOTER_TYPES)[number];
  @IsString() @Length(1, 100) area!: string;
  @IsString() @Length(1, 100) category!: string;
  @IsInt() @Min(1) goalAmount!: number;
  @IsString() @Length(3, 3) currency!: string;
  @IsIn(FUNDING_MODELS) fundingModel!: (typeof FUNDING_MODELS)[number];
  @IsISO8601({ strict: true }) startsAt!: string;
  @IsISO8601({ strict: true }) endsAt!: string;
}

export const CampaignPublished = defineEvent({
  type: 'campaign.published',
  version: 1,
  producer: 'campaigns',
  aggregateType: 'campaign',
  schema: CampaignPublishedV1,
});
