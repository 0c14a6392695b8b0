import { Type } from 'class-transformer';
import { IsArray, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { defineEvent } from '../registry';
import { IsSourceShares, SOURCE_SHARES_TOTAL_BPS } from './source-shares.v1';

/** One declared source of a fund and the part of the fund it pays, in basis points. */
export class FundSourceShareV1 {
  @IsString() @Length(1, 50) source!: string;
  @IsInt() @Min(1) @Max(SOURCE_SHARES_TOTAL_BPS) shareBps!: number;
}

export class FundMatchV1 {
  @IsUUID() fundId!: string;
  @IsString() @Length(1, 200) funderId!: string;
  @IsInt() @Min(0) amount!: number;
  /** The fund's source tags (ESF+, ERDF, municipal…), for reporting per source. Optional: added later. */
  @IsOptional() @IsArray() @IsString({ each: true }) sourceTags?: string[];
  /**
   * The fund's declared source shares (sum 10000 bps, unique sources), for splitting its figures per
   * source. Optional, added later: absent (or null) when the funder declared none.
   */
  @IsOptional() @IsSourceShares() @ValidateNested({ each: true }) @Type(() => FundSourceShareV1) sourceShares?: FundSourceShareV1[] | null;
}

/**
 * Answer to funding.closed: what matching adds to the campaign if it succeeds (reserved matches
 * and triggered grants), per fund. Emitted once per campaign.
 */
export class MatchFinalizedV1 {
  @IsUUID() campaignId!: string;
  @IsString() @Length(3, 3) currency!: string;
  @IsInt() @Min(0) matchAmount!: number;
  @IsArray() @ValidateNested({ each: true }) @Type(() => FundMatchV1) byFund!: FundMatchV1[];
}
export const MatchFinalized = defineEvent({
  type: 'match.finalized',
  version: 1,
  producer: 'matching',
  aggregateType: 'campaign-match',
  schema: MatchFinalizedV1,
});

/** The campaign's live match changed (reserved + committed, all funds): progress bars follow it. */
export class MatchUpdatedV1 {
  @IsUUID() campaignId!: string;
  @IsInt() @Min(0) matchedAmount!: number;
}
export const MatchUpdated = defineEvent({ type: 'match.updated', version: 1, producer: 'matching', aggregateType: 'campaign-match', schema: MatchUpdatedV1 });

export class WithdrawnFundMatchV1 {
  @IsUUID() fundId!: string;
  @IsInt() @Min(1) amount!: number;
}

/**
 * A pledge of a campaign whose match is already finalized was refunded: its own ratio match is
 * withdrawn. Matching keeps the money committed until payouts takes it out of the unreleased
 * match shares and answers with funds.returned (docs/money-rules.md). Once per pledge.
 */
export class MatchWithdrawnV1 {
  @IsUUID() campaignId!: string;
  @IsUUID() pledgeId!: string;
  @IsString() @Length(3, 3) currency!: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => WithdrawnFundMatchV1) byFund!: WithdrawnFundMatchV1[];
}
export const MatchWithdrawn = defineEvent({
  type: 'match.withdrawn',
  version: 1,
  producer: 'matching',
  aggregateType: 'campaign-match',
  schema: MatchWithdrawnV1,
});
