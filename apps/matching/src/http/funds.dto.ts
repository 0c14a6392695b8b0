import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsString, Length, IsISO4217CurrencyCode, Matches, Max, Min } from 'class-validator';

export class CreateFundDto {
  @ApiProperty({ example: 'Comune di Milano — civic crowdfunding 2027' }) @IsString() @Length(3, 200) name!: string;
  @ApiProperty({ example: 'EUR' }) @Matches(/^[A-Z]{3}$/) @IsISO4217CurrencyCode() currency!: string;
  @ApiProperty({ description: 'cents', example: 5000000 }) @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) budgetAmount!: number;
  @ApiProperty({ example: ['municipal', 'ESF+'] })
  @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @Length(1, 50, { each: true })
  sourceTags!: string[];
}

export class TopUpDto {
  @ApiProperty({ description: 'cents', example: 1000000 }) @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) amount!: number;
}

export class FundView {
  @ApiProperty() id!: string;
  @ApiProperty() ownerId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ description: 'cents' }) budgetAmount!: number;
  @ApiProperty({ description: 'cents' }) available!: number;
  @ApiProperty({ description: 'cents' }) reserved!: number;
  @ApiProperty({ description: 'cents' }) committed!: number;
  @ApiProperty({ description: 'cents' }) spent!: number;
  @ApiProperty({ description: 'cents' }) returned!: number;
  @ApiProperty() sourceTags!: string[];
  @ApiProperty({ nullable: true, type: String }) closedAt!: Date | null;
  @ApiProperty({ type: [Object] }) rules!: unknown[];
}
