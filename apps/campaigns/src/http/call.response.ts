import { ApiProperty } from '@nestjs/swagger';
import { PROMOTER_TYPES } from '@lib/contracts';

/** A call for proposals as JSON carries it (CallEntity; GET adds campaignCounts): dates ISO strings, money cents. */
export class CreatedCallResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() ownerId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: String, format: 'date-time' }) opensAt!: string;
  @ApiProperty({ type: String, format: 'date-time' }) closesAt!: string;
  @ApiProperty({ type: [String] }) eligibleAreas!: string[];
  @ApiProperty({ type: [String] }) categories!: string[];
  @ApiProperty({ enum: PROMOTER_TYPES, isArray: true }) promoterTypes!: (typeof PROMOTER_TYPES)[number][];
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ type: 'integer', description: 'cents' }) minGoalAmount!: number;
  @ApiProperty({ type: 'integer', description: 'cents' }) maxGoalAmount!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'percent of the goal per promoter type', example: { ets: 10 } })
  minCofinancingPct!: Record<string, number>;
  @ApiProperty({ type: 'integer', nullable: true }) maxCampaigns!: number | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
}

export class CallResponse extends CreatedCallResponse {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'campaigns per status (drafts not counted)', example: { live: 2 } })
  campaignCounts!: Record<string, number>;
}
