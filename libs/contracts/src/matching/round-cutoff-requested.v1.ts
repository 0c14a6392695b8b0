import { ArrayUnique, IsArray, IsISO8601, IsUUID } from 'class-validator';
import { defineEvent } from '../registry';

/**
 * A quadratic round's end has passed: before finalizing it, matching asks pledges how many
 * confirmations of each campaign it announced before the cut-off (docs/money-rules.md, "Round
 * cut-off"). `cutoff` is the round's `roundEndsAt`; `campaignIds` are the campaigns the round
 * concerns (the eligible campaigns matching knows). Emitted once per round (keyed by the rule).
 */
export class RoundCutoffRequestedV1 {
  @IsUUID() ruleId!: string;
  @IsISO8601({ strict: true }) cutoff!: string;
  @IsArray() @ArrayUnique() @IsUUID('all', { each: true }) campaignIds!: string[];
}
export const RoundCutoffRequested = defineEvent({
  type: 'round.cutoff_requested',
  version: 1,
  producer: 'matching',
  aggregateType: 'round',
  schema: RoundCutoffRequestedV1,
});
