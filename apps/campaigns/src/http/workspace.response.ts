import { ApiProperty } from '@nestjs/swagger';
import { MilestoneResponse } from './campaign.response';

/** The verifiers' queue (persistence/workspace.read-model.ts EvidenceToVerify) as JSON carries it. */
export class EvidenceDocumentResponse {
  @ApiProperty() url!: string;
  @ApiProperty({ pattern: '^[a-f0-9]{64}$' }) sha256!: string;
}

export class EvidenceResponse {
  @ApiProperty() reportedValue!: number;
  @ApiProperty() description!: string;
  @ApiProperty({ type: () => [EvidenceDocumentResponse] }) documents!: EvidenceDocumentResponse[];
  @ApiProperty({ type: String, format: 'date-time' }) submittedAt!: string;
}

export class EvidenceToVerifyResponse {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty() campaignTitle!: string;
  @ApiProperty() area!: string;
  @ApiProperty({ format: 'uuid' }) milestoneId!: string;
  @ApiProperty() milestoneTitle!: string;
  @ApiProperty() indicator!: string;
  @ApiProperty() unit!: string;
  @ApiProperty() baseline!: number;
  @ApiProperty() target!: number;
  @ApiProperty({ enum: ['binary', 'proportional'] }) paymentRule!: 'binary' | 'proportional';
  @ApiProperty({ type: 'integer', nullable: true }) minAchievementPct!: number | null;
  @ApiProperty({ type: String, format: 'date-time' }) dueAt!: string;
  @ApiProperty({ type: () => [EvidenceResponse], description: 'oldest first' }) evidence!: EvidenceResponse[];
}

/** POST …/milestones/:milestoneId/evidence: the evidence's id and its milestone, now evidence_submitted. */
export class EvidenceSubmittedResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: () => MilestoneResponse }) milestone!: MilestoneResponse;
}
