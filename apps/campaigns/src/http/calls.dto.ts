import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Length,
  IsISO4217CurrencyCode,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { PROMOTER_TYPES } from '@lib/contracts';

export class CreateCallDto {
  @ApiProperty({ example: 'Quartieri Connessi 2027' }) @IsString() @Length(3, 200) title!: string;
  @ApiProperty() @IsString() @Length(1, 10000) description!: string;
  @ApiProperty({ example: '2027-01-01T00:00:00Z' }) @IsISO8601({ strict: true }) opensAt!: string;
  @ApiProperty({ example: '2027-06-30T00:00:00Z' }) @IsISO8601({ strict: true }) closesAt!: string;
  @ApiProperty({ example: ['Giambellino', 'Corvetto'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  eligibleAreas!: string[];
  @ApiProperty({ example: ['social_concierge', 'community_enterprise'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  categories!: string[];
  @ApiProperty({ enum: PROMOTER_TYPES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(PROMOTER_TYPES, { each: true })
  promoterTypes!: (typeof PROMOTER_TYPES)[number][];
  @ApiPropertyOptional({ example: 'EUR', default: 'EUR' }) @IsOptional() @Matches(/^[A-Z]{3}$/) @IsISO4217CurrencyCode() currency?: string;
  @ApiProperty({ description: 'cents', example: 500000 }) @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) minGoalAmount!: number;
  @ApiProperty({ description: 'cents', example: 14000000 }) @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) maxGoalAmount!: number;
  @ApiProperty({ example: { informal_group: 5, ets: 10 }, description: 'percent of the goal per promoter type' })
  @IsObject()
  minCofinancingPct!: Record<string, number>;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(100000) maxCampaigns?: number;
}
