import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';

export class PayoutAccountDto {
  @ApiProperty({ enum: ['stripe_connect', 'external'] }) @IsIn(['stripe_connect', 'external']) method!: 'stripe_connect' | 'external';
  @ApiPropertyOptional({ example: 'IT60X0542811101000000123456' }) @IsOptional() @IsString() @Length(15, 42) iban?: string;
  @ApiPropertyOptional({ example: 'APS Giambellino Insieme' }) @IsOptional() @IsString() @Length(1, 200) accountHolder?: string;
  @ApiPropertyOptional({ example: 'IT', default: 'IT' }) @IsOptional() @Matches(/^[A-Z]{2}$/) country?: string;
}

export class ConfirmPaymentDto {
  @ApiProperty({ example: 'TRN 2027-04-01 0042' }) @IsString() @Length(1, 140) bankReference!: string;
}

export class ExportQueryDto {
  @ApiPropertyOptional({ enum: ['csv', 'json'], default: 'json' }) @IsOptional() @IsIn(['csv', 'json']) format?: 'csv' | 'json';
  @ApiPropertyOptional({ format: 'uuid', description: "only this fund's movements" }) @IsOptional() @IsUUID() fundId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'only the movements of campaigns of this call' }) @IsOptional() @IsUUID() callId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: "only this campaign's movements" }) @IsOptional() @IsUUID() campaignId?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'movements at or after this instant (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'movements before this instant (ISO 8601; after from)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}
