import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsNumber, IsOptional, IsString, IsUrl, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { INDICATOR_LIMIT } from '../domain/milestone';

export class EvidenceDocumentDto {
  @ApiProperty({ example: 'https://docs.example.org/report-q1.pdf' }) @IsUrl({ protocols: ['https', 'http'], require_tld: false }) url!: string;
  @ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' })
  @Matches(/^[a-f0-9]{64}$/, { message: 'sha256 must be 64 lowercase hex characters' })
  sha256!: string;
}

export class EvidenceDto {
  @ApiProperty({ example: 132, description: `finite, within ±${INDICATOR_LIMIT}` })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-INDICATOR_LIMIT)
  @Max(INDICATOR_LIMIT)
  reportedValue!: number;
  @ApiProperty() @IsString() @Length(1, 5000) description!: string;
  @ApiProperty({ type: [EvidenceDocumentDto] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => EvidenceDocumentDto)
  documents!: EvidenceDocumentDto[];
}

export class VerificationDto {
  @ApiProperty({ example: 128, description: `finite, within ±${INDICATOR_LIMIT}` })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-INDICATOR_LIMIT)
  @Max(INDICATOR_LIMIT)
  verifiedValue!: number;
  @ApiProperty() @IsBoolean() approved!: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 2000) notes?: string;
}

export class CancelDto {
  @ApiPropertyOptional({ example: 'The venue is no longer available' }) @IsOptional() @IsString() @Length(1, 500) reason?: string;
}

/** Why the call's funder (or an admin) rejects a submitted campaign: shown to the promoter, kept in the audit log. */
export class RejectDto {
  @ApiProperty({ example: 'The budget does not show the required co-financing', minLength: 1, maxLength: 1000 })
  @IsString()
  @Length(1, 1000)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason!: string;
}

export class UpdateDto {
  @ApiProperty({ example: 'The concierge desk is open!' }) @IsString() @Length(1, 200) title!: string;
  @ApiProperty() @IsString() @Length(1, 10000) body!: string;
}
