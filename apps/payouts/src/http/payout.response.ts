import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * What the payout routes answer, as JSON carries it (queries/ledger.queries.ts; dates ISO strings,
 * money cents). The web client's types are generated from these (npm run api:types), and
 * tests/e2e/openapi-responses.e2e-spec.ts checks real answers against them.
 */
export class TrancheMatchShareResponse {
  @ApiProperty({ format: 'uuid' }) fundId!: string;
  @ApiProperty({ type: 'integer', description: 'cents the fund put in this tranche' }) amount!: number;
  @ApiProperty({ type: 'integer', nullable: true, description: 'cents due to the promoter, once known' }) due!: number | null;
}

export class TranchePayoutResponse {
  @ApiProperty({ type: String, nullable: true, example: 'stripe_connect' }) method!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "the provider's or the bank's reference" }) reference!: string | null;
  @ApiProperty({ type: 'integer' }) attempts!: number;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
}

export class TrancheResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['upfront', 'milestone'] }) kind!: 'upfront' | 'milestone';
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null for the upfront tranche' }) milestoneId!: string | null;
  @ApiProperty({ type: 'integer', description: 'percent of the campaign' }) sharePct!: number;
  @ApiProperty({ enum: ['planned', 'eligible', 'released', 'paid', 'forfeited'] }) status!: 'planned' | 'eligible' | 'released' | 'paid' | 'forfeited';
  @ApiProperty({ type: 'integer', description: "cents: the donors' share plus every fund's" }) amount!: number;
  @ApiProperty({ type: 'integer', description: 'cents' }) donorShare!: number;
  @ApiProperty({ type: () => [TrancheMatchShareResponse] }) matchShares!: TrancheMatchShareResponse[];
  @ApiProperty({ type: 'integer', nullable: true, description: 'cents due to the promoter, once the result is known' }) dueAmount!: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) achievementBps!: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) releasedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) paidAt!: string | null;
  @ApiProperty({ type: () => TranchePayoutResponse }) payout!: TranchePayoutResponse;
}

export class PublicMoneySourceShareResponse {
  @ApiProperty() source!: string;
  @ApiProperty({ type: 'integer' }) shareBps!: number;
}

/** One movement of public money (GET /transparency/export, JSON). */
export class PublicMoneyRowResponse {
  @ApiProperty({ type: String, format: 'date-time' }) date!: string;
  @ApiProperty({ format: 'uuid' }) fundId!: string;
  @ApiProperty({ type: [String] }) sourceTags!: string[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) campaignId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) trancheId!: string | null;
  @ApiProperty({ example: 'committed', description: 'committed, released or returned' }) movement!: string;
  @ApiProperty({ type: 'integer', description: 'cents' }) amount!: number;
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ example: 'released', description: "the tranche's status, or committed / returned" }) status!: string;
  @ApiProperty({ type: () => [PublicMoneySourceShareResponse], nullable: true, description: "the fund's declared split (null: none declared)" })
  sourceShares!: PublicMoneySourceShareResponse[] | null;
}

/** POST /promoters/me/payout-account: Stripe Connect's onboarding link, or the recorded IBAN, masked. */
export class PayoutAccountResponse {
  @ApiProperty({ enum: ['stripe_connect', 'external'] }) method!: 'stripe_connect' | 'external';
  @ApiPropertyOptional({ description: "stripe_connect: where the promoter completes Stripe's onboarding" }) onboardingUrl?: string;
  @ApiPropertyOptional({ example: 'IT60…3456', description: 'external: the IBAN, all but its first and last four characters hidden' }) iban?: string;
}

/** POST /tranches/:id/release and …/confirm-payment: the tranche's status now (paid, or released while its payment is pending). */
export class TrancheStatusResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['planned', 'eligible', 'released', 'paid', 'forfeited'] }) status!: 'planned' | 'eligible' | 'released' | 'paid' | 'forfeited';
}
