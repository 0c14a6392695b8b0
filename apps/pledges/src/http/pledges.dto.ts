import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, IsISO4217CurrencyCode, Matches, Max, Min } from 'class-validator';

export class CreatePledgeDto {
  @ApiProperty() @IsUUID() campaignId!: string;
  @ApiProperty({ description: 'cents', example: 2500 }) @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) amount!: number;
  @ApiProperty({ example: 'EUR' }) @Matches(/^[A-Z]{3}$/) @IsISO4217CurrencyCode() currency!: string;
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() anonymous?: boolean;
  @ApiPropertyOptional({ example: 'Anna from via Giambellino' }) @IsOptional() @IsString() @Length(1, 80) displayName?: string;
  @ApiPropertyOptional({ example: 'Forza!' }) @IsOptional() @IsString() @Length(1, 500) message?: string;
}

export class CreatePledgeQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    default: 'false',
    description: 'true: the answer carries the live match quote (one more request to matching); GET /campaigns/:id/match-quote gives it too',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'quote must be true or false' })
  quote?: 'true' | 'false';
}

export class SandboxConfirmDto {
  @ApiProperty({
    example: '4242424242424242',
    description: 'Stripe test card: 4242… succeeds, 4000000000000002 is declined, 4000000000009995 insufficient funds',
  })
  @IsString()
  @Length(12, 23)
  cardNumber!: string;
}

export class RefundDto {
  @ApiPropertyOptional({ example: 'duplicate donation' }) @IsOptional() @IsString() @Length(1, 200) reason?: string;
}
