import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsInt,
  IsISO4217CurrencyCode,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

/**
 * One declared source of a fund. Only the shape is checked here (unknown fields are a 400); the
 * values — text source, integer 1..10000 bps, unique, sum 10000, at most 20 — are checked by the
 * command with sourceSharesProblem, so each refusal has its own code (FUND_SOURCE_SHARES_SUM…).
 */
export class SourceShareDto {
  @ApiProperty({ example: 'ERDF' }) @IsDefined() source!: string;
  @ApiProperty({ description: 'basis points of the fund (1..10000); all shares sum to 10000', example: 5000 }) @IsDefined() shareBps!: number;
}

export class CreateFundDto {
  @ApiProperty({ example: 'Comune di Milano — civic crowdfunding 2027' }) @IsString() @Length(3, 200) name!: string;
  @ApiProperty({ example: 'EUR' }) @Matches(/^[A-Z]{3}$/) @IsISO4217CurrencyCode() currency!: string;
  @ApiProperty({ description: 'cents', example: 5000000 }) @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) budgetAmount!: number;
  @ApiPropertyOptional({ example: ['municipal', 'ESF+'], description: 'required unless sourceShares is given; with sourceShares, the same sources' })
  @ValidateIf((o: CreateFundDto) => o.sourceShares === undefined || o.sourceShares === null || o.sourceTags !== undefined)
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 50, { each: true })
  sourceTags?: string[];

  @ApiPropertyOptional({
    type: [SourceShareDto],
    description: 'the fund\'s split by source, in basis points summing to exactly 10000 (docs/money-rules.md, "A fund\'s money by source")',
    example: [
      { source: 'ERDF', shareBps: 5000 },
      { source: 'national', shareBps: 3500 },
      { source: 'city', shareBps: 1500 },
    ],
  })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SourceShareDto)
  sourceShares?: SourceShareDto[] | null;
}

export class TopUpDto {
  @ApiProperty({ description: 'cents', example: 1000000 }) @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) amount!: number;
}
