import { ApiProperty } from '@nestjs/swagger';

/** What a campaign's matches are and what a pledge would add (dates none; money cents). */
export class QuoteByFundResponse {
  @ApiProperty({ format: 'uuid' }) fundId!: string;
  @ApiProperty({ format: 'uuid' }) ruleId!: string;
  @ApiProperty({ enum: ['ratio', 'threshold', 'quadratic'] }) type!: 'ratio' | 'threshold' | 'quadratic';
  @ApiProperty({ type: 'integer', description: 'cents' }) amount!: number;
  @ApiProperty({ description: "a quadratic round's estimated gain, not a reservation" }) estimate!: boolean;
}

/** GET /campaigns/:id/match-quote: what a pledge of `amount` would add now. */
export class QuoteResponse {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ type: 'integer', description: 'cents, the sum of byFund' }) amount!: number;
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ type: () => [QuoteByFundResponse] }) byFund!: QuoteByFundResponse[];
}

export class CampaignMatchByFundResponse {
  @ApiProperty({ format: 'uuid' }) fundId!: string;
  @ApiProperty({ format: 'uuid' }) ruleId!: string;
  @ApiProperty({ enum: ['ratio', 'threshold', 'quadratic'] }) type!: 'ratio' | 'threshold' | 'quadratic';
  @ApiProperty({ type: 'integer', description: 'cents' }) amount!: number;
  @ApiProperty({ example: 'reserved', description: 'reserved while the campaign runs, then committed, spent as tranches are released' }) status!: string;
}

/** GET /campaigns/:id/match: the campaign's live matches per fund and rule. */
export class CampaignMatchResponse {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ type: 'integer', description: 'cents, every live match' }) matchedAmount!: number;
  @ApiProperty({ type: 'integer', description: 'cents' }) reservedAmount!: number;
  @ApiProperty({ type: 'integer', description: 'cents' }) committedAmount!: number;
  @ApiProperty({ type: () => [CampaignMatchByFundResponse] }) byFund!: CampaignMatchByFundResponse[];
}
