import { ApiProperty } from '@nestjs/swagger';
import { RuleResponse } from './rule.response';

/**
 * What the fund routes answer, as JSON carries it (queries/get-fund.query.ts FundView; dates ISO
 * strings, money cents). The web client's types are generated from these (npm run api:types), and
 * tests/e2e/openapi-responses.e2e-spec.ts checks real answers against them.
 */

/** A pool's buckets, in cents: budget = available + reserved + committed + spent + returned. */
abstract class PoolFiguresResponse {
  @ApiProperty({ type: 'integer', description: 'cents' }) budgetAmount!: number;
  @ApiProperty({ type: 'integer', description: 'cents' }) available!: number;
  @ApiProperty({ type: 'integer', description: 'cents' }) reserved!: number;
  @ApiProperty({ type: 'integer', description: 'cents' }) committed!: number;
  @ApiProperty({ type: 'integer', description: 'cents' }) spent!: number;
  @ApiProperty({ type: 'integer', description: 'cents' }) returned!: number;
}

/** A fund's figures for one source: its part of every pool figure (largest remainder, to the cent). */
export class FundSourceResponse extends PoolFiguresResponse {
  @ApiProperty({ nullable: true, type: String, description: 'null: no split declared, the fund reported once, undivided' }) source!: string | null;
  @ApiProperty({ type: 'integer', description: 'basis points of the fund' }) shareBps!: number;
  @ApiProperty({ description: 'the share was declared (not the whole undivided fund)' }) declared!: boolean;
}

export class SourceShareResponse {
  @ApiProperty({ example: 'ERDF' }) source!: string;
  @ApiProperty({ type: 'integer', description: 'basis points of the fund; all shares sum to 10000', example: 5000 }) shareBps!: number;
}

export class FundResponse extends PoolFiguresResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() ownerId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ type: [String] }) sourceTags!: string[];
  @ApiProperty({ type: () => [SourceShareResponse], nullable: true, description: 'the declared split by source, or null: none declared' })
  sourceShares!: SourceShareResponse[] | null;
  @ApiProperty({ type: () => [FundSourceResponse], description: 'every pool figure per source; each column adds up exactly to the fund figure' })
  bySource!: FundSourceResponse[];
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'set once the funder closed the fund' }) closedAt!: string | null;
  @ApiProperty({ type: () => [RuleResponse], description: 'in creation order, each with its parameters' }) rules!: RuleResponse[];
}
