import { ApiProperty } from '@nestjs/swagger';
import { FUNDING_MODELS, PROMOTER_TYPES } from '@lib/contracts';
import { CAMPAIGN_STATUSES } from '../domain/campaign';
import { MILESTONE_STATUSES } from '../persistence/milestone.entity';

/**
 * What the campaign routes answer, as JSON carries it (toCampaignView of queries/campaign-queries.ts):
 * dates are ISO strings, money integer cents. The web client's types are generated from these
 * (npm run api:types), and tests/e2e/openapi-responses.e2e-spec.ts checks real answers against them.
 */
export class MilestoneResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ type: 'integer', description: 'plan order, from 0' }) position!: number;
  @ApiProperty() title!: string;
  @ApiProperty() indicator!: string;
  @ApiProperty() unit!: string;
  @ApiProperty() baseline!: number;
  @ApiProperty() target!: number;
  @ApiProperty({ type: String, format: 'date-time' }) dueAt!: string;
  @ApiProperty({ type: 'integer' }) payoutSharePct!: number;
  @ApiProperty({ enum: ['binary', 'proportional'] }) paymentRule!: 'binary' | 'proportional';
  @ApiProperty({ type: 'integer', nullable: true }) minAchievementPct!: number | null;
  @ApiProperty({ enum: MILESTONE_STATUSES }) status!: (typeof MILESTONE_STATUSES)[number];
  @ApiProperty({ type: Number, nullable: true }) verifiedValue!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'achievement in basis points, once verified' }) achievementBps!: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) settledAt!: string | null;
}

export class CampaignProgressResponse {
  @ApiProperty({ type: 'integer', description: 'cents' }) pledgedAmount!: number;
  @ApiProperty({ type: 'integer', description: 'cents' }) matchedAmount!: number;
  @ApiProperty({ type: 'integer' }) backers!: number;
  @ApiProperty({ type: 'integer', description: 'floor((pledged + matched) * 100 / goal); may exceed 100' }) percent!: number;
}

/** A campaign without its milestones, as the pages of GET /campaigns list it. */
export class CampaignSummaryResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() promoterId!: string;
  @ApiProperty({ type: String, nullable: true }) promoterName!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) callId!: string | null;
  @ApiProperty({ enum: CAMPAIGN_STATUSES }) status!: (typeof CAMPAIGN_STATUSES)[number];
  @ApiProperty({ type: String, nullable: true, description: 'why it was rejected, cancelled or failed' }) statusReason!: string | null;
  @ApiProperty() title!: string;
  @ApiProperty() summary!: string;
  @ApiProperty() description!: string;
  @ApiProperty() area!: string;
  @ApiProperty() category!: string;
  @ApiProperty({ enum: PROMOTER_TYPES }) promoterType!: (typeof PROMOTER_TYPES)[number];
  @ApiProperty({ type: 'integer', description: 'cents' }) goalAmount!: number;
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ enum: FUNDING_MODELS }) fundingModel!: (typeof FUNDING_MODELS)[number];
  @ApiProperty({ type: String, format: 'date-time' }) startsAt!: string;
  @ApiProperty({ type: String, format: 'date-time' }) endsAt!: string;
  @ApiProperty({ type: 'integer', description: 'cents' }) cofinancingAmount!: number;
  @ApiProperty({ type: 'integer' }) upfrontSharePct!: number;
  @ApiProperty({ enum: ['release_donor_share', 'refund_donor_share'] }) failedMilestonePolicy!: 'release_donor_share' | 'refund_donor_share';
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: () => CampaignProgressResponse }) progress!: CampaignProgressResponse;
}

/** A campaign with its milestones in plan order (GET /campaigns/:id, the workspaces, every review action). */
export class CampaignResponse extends CampaignSummaryResponse {
  @ApiProperty({ type: () => [MilestoneResponse] }) milestones!: MilestoneResponse[];
}

export class CampaignPageResponse {
  @ApiProperty({ type: () => [CampaignSummaryResponse] }) items!: CampaignSummaryResponse[];
  @ApiProperty({ type: 'integer', nullable: true, description: 'the page number asked for; null when asked by cursor' }) page!: number | null;
  @ApiProperty({ type: 'integer' }) pageSize!: number;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'campaigns matching the filter: counted with page paging, or when includeTotal=true; null otherwise',
  })
  total!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'pass it as cursor for the next page; null on the last page' }) nextCursor!: string | null;
}

/** A promoter's news item (GET /campaigns/:id/updates lists them without campaignId). */
export class UpdateResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
}

export class PostedUpdateResponse extends UpdateResponse {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
}
