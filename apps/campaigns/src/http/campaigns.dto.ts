import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  IsISO4217CurrencyCode,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { FUNDING_MODELS, PROMOTER_TYPES } from '@lib/contracts';
import { CAMPAIGN_STATUSES } from '../domain/campaign';
import { INDICATOR_LIMIT } from '../domain/milestone';
import { CAMPAIGN_SORTS, CampaignSort } from '../persistence/campaign.read-model';
import { CURSOR_MAX_LENGTH } from '../queries/campaign-cursor';

export class MilestoneDto {
  @ApiProperty({ example: 'Concierge desk open' }) @IsString() @Length(1, 200) title!: string;
  @ApiProperty({ example: 'households served' }) @IsString() @Length(1, 200) indicator!: string;
  @ApiProperty({ example: 'households' }) @IsString() @Length(1, 50) unit!: string;
  @ApiProperty({ example: 0, description: `finite, within ±${INDICATOR_LIMIT}` })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-INDICATOR_LIMIT)
  @Max(INDICATOR_LIMIT)
  baseline!: number;
  @ApiProperty({ example: 120, description: `finite, within ±${INDICATOR_LIMIT}, different from baseline` })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-INDICATOR_LIMIT)
  @Max(INDICATOR_LIMIT)
  target!: number;
  @ApiProperty() @IsISO8601({ strict: true }) dueAt!: string;
  @ApiProperty({ example: 40 }) @IsInt() @Min(0) @Max(100) payoutSharePct!: number;
  @ApiProperty({ enum: ['binary', 'proportional'] }) @IsIn(['binary', 'proportional']) paymentRule!: 'binary' | 'proportional';
  @ApiPropertyOptional({ example: 50 }) @IsOptional() @IsInt() @Min(0) @Max(100) minAchievementPct?: number;
}

export class CreateCampaignDto {
  @ApiProperty() @IsString() @Length(3, 200) title!: string;
  @ApiProperty() @IsString() @Length(1, 500) summary!: string;
  @ApiProperty() @IsString() @Length(1, 20000) description!: string;
  @ApiPropertyOptional({ example: 'APS Giambellino Insieme', description: "the promoter's public name, shown on pages and receipts" })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  promoterName?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() callId?: string;
  @ApiProperty({ example: 'Giambellino' }) @IsString() @Length(1, 100) area!: string;
  @ApiProperty({ example: 'social_concierge' }) @IsString() @Length(1, 100) category!: string;
  @ApiProperty({ enum: PROMOTER_TYPES }) @IsIn(PROMOTER_TYPES) promoterType!: (typeof PROMOTER_TYPES)[number];
  @ApiProperty({ description: 'cents', example: 1200000 }) @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) goalAmount!: number;
  @ApiProperty({ example: 'EUR' }) @Matches(/^[A-Z]{3}$/) @IsISO4217CurrencyCode() currency!: string;
  @ApiProperty({ enum: FUNDING_MODELS }) @IsIn(FUNDING_MODELS) fundingModel!: (typeof FUNDING_MODELS)[number];
  @ApiProperty() @IsISO8601({ strict: true }) startsAt!: string;
  @ApiProperty() @IsISO8601({ strict: true }) endsAt!: string;
  @ApiProperty({ description: 'cents', example: 120000 }) @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) cofinancingAmount!: number;
  @ApiProperty({ example: 20 }) @IsInt() @Min(0) @Max(100) upfrontSharePct!: number;
  @ApiProperty({ enum: ['release_donor_share', 'refund_donor_share'] })
  @IsIn(['release_donor_share', 'refund_donor_share'])
  failedMilestonePolicy!: 'release_donor_share' | 'refund_donor_share';
  @ApiProperty({ type: [MilestoneDto] })
  @IsArray()
  @ArrayMinSize(0)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => MilestoneDto)
  milestones!: MilestoneDto[];
}

export class ListCampaignsQueryDto {
  @ApiPropertyOptional({ enum: CAMPAIGN_STATUSES }) @IsOptional() @IsIn(CAMPAIGN_STATUSES) status?: (typeof CAMPAIGN_STATUSES)[number];
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) area?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) category?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() callId?: string;
  @ApiPropertyOptional({ description: 'free text in title and summary' }) @IsOptional() @IsString() @Length(1, 100) q?: string;
  @ApiPropertyOptional({ enum: CAMPAIGN_SORTS, default: 'newest' })
  @IsOptional()
  @IsIn(CAMPAIGN_SORTS)
  sort?: CampaignSort;
  @ApiPropertyOptional({ default: 1, description: 'page number (OFFSET paging: deep pages cost more); not with cursor' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  page?: number;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
  @ApiPropertyOptional({
    description: 'the nextCursor of the previous page, unchanged, with the same filters and sort (keyset paging: every page costs the same); not with page',
    maxLength: CURSOR_MAX_LENGTH,
  })
  @IsOptional()
  @IsString()
  @Length(1, CURSOR_MAX_LENGTH)
  cursor?: string;
  @ApiPropertyOptional({ description: 'count the matching campaigns into total; default true with page paging, false with a cursor' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeTotal?: boolean;
}
