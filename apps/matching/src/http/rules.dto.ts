import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { PROMOTER_TYPES } from '@lib/contracts';

const MAX = Number.MAX_SAFE_INTEGER;

/** An optional list of up to 100 names of 1 to 100 characters (the areas, the categories a rule matches). */
const OptionalNames = () =>
  applyDecorators(
    ApiPropertyOptional({ type: [String] }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(100),
    IsString({ each: true }),
    Length(1, 100, { each: true }),
  );

export class EligibilityDto {
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(100) @IsUUID('all', { each: true }) callIds?: string[];
  @OptionalNames() areas?: string[];
  @OptionalNames() categories?: string[];
  @ApiPropertyOptional({ enum: PROMOTER_TYPES, isArray: true }) @IsOptional() @IsArray() @IsIn(PROMOTER_TYPES, { each: true }) promoterTypes?: string[];
}

/**
 * One body for the three rule types (api.md); which fields are allowed and required depends on
 * `type` and is checked by domain/rule-params.ts validateRule (a 400 lists every problem).
 */
export class CreateRuleDto {
  @ApiProperty({ enum: ['ratio', 'threshold', 'quadratic'] }) @IsIn(['ratio', 'threshold', 'quadratic']) type!: 'ratio' | 'threshold' | 'quadratic';
  // ratio
  @ApiPropertyOptional({ example: 1 }) @IsOptional() @IsInt() @Min(1) @Max(1000) numerator?: number;
  @ApiPropertyOptional({ example: 1 }) @IsOptional() @IsInt() @Min(1) @Max(1000) denominator?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(MAX) maxMatchablePerPledge?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(MAX) maxMatchPerPledge?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(MAX) maxMatchPerDonorPerCampaign?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(1000) maxMatchedPledgesPerDonorPerCampaign?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(MAX) maxMatchPerCampaign?: number;
  // threshold
  @ApiPropertyOptional({ example: 5000 }) @IsOptional() @IsInt() @Min(1) @Max(100000) thresholdBps?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(MAX) thresholdAmount?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(1000000) minBackers?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(MAX) grantAmount?: number;
  @ApiPropertyOptional({ example: 5000 }) @IsOptional() @IsInt() @Min(1) @Max(100000) grantBpsOfGoal?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(MAX) maxGrantAmount?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(MAX) maxCountedPerBacker?: number;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() partialWhenPoolShort?: boolean;
  // quadratic
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) roundStartsAt?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) roundEndsAt?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(10000) capBps?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(MAX) capAmount?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(MAX) minContributionAmount?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(1000000) minUniqueDonors?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() scaleUpWhenUnsaturated?: boolean;

  @ApiProperty({ type: EligibilityDto }) @ValidateNested() @Type(() => EligibilityDto) eligibility!: EligibilityDto;
}
