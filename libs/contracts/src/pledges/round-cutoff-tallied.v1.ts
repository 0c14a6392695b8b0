import { Type } from 'class-transformer';
import { IsArray, IsISO8601, IsInt, IsUUID, Min, ValidateNested } from 'class-validator';
import { defineEvent } from '../registry';

export class CampaignAnnouncedV1 {
  @IsUUID() campaignId!: string;
  /** Pledges of the campaign whose pledge.confirmed was emitted with confirmedAt < cutoff (later refunds included). */
  @IsInt() @Min(0) announced!: number;
}

/**
 * Pledges' answer to round.cutoff_requested: per campaign of the request, how many confirmations
 * it announced before the cut-off. Matching finalizes the round once it holds at least that many
 * pledges of each campaign confirmed before the cut-off (docs/money-rules.md, "Round cut-off").
 */
export class RoundCutoffTalliedV1 {
  @IsUUID() ruleId!: string;
  @IsISO8601({ strict: true }) cutoff!: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => CampaignAnnouncedV1) campaigns!: CampaignAnnouncedV1[];
}
export const RoundCutoffTallied = defineEvent({
  type: 'round.cutoff_tallied',
  version: 1,
  producer: 'pledges',
  aggregateType: 'round-cutoff',
  schema: RoundCutoffTalliedV1,
});
