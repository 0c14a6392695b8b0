import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PLEDGE_STATUSES } from '../domain/pledge';

/**
 * What the pledge routes answer, as JSON carries it (toPledgeView; dates ISO strings, money cents).
 * The web client's types are generated from these (npm run api:types), and
 * tests/e2e/openapi-responses.e2e-spec.ts checks real answers against them.
 */
export class PledgePaymentResponse {
  @ApiProperty({ example: 'sandbox' }) provider!: string;
  @ApiPropertyOptional({ description: "the provider payment's client secret, on POST /pledges while it awaits payment; never stored" }) clientSecret?: string;
}

export class PledgeResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ type: 'integer', description: 'cents' }) amount!: number;
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ enum: PLEDGE_STATUSES }) status!: (typeof PLEDGE_STATUSES)[number];
  @ApiProperty({ type: 'integer', description: 'cents given back (all of it once refunded; part of it by pro-rata refunds)' }) refundedAmount!: number;
  @ApiProperty() anonymous!: boolean;
  @ApiProperty({ type: String, nullable: true }) displayName!: string | null;
  @ApiProperty({ type: String, nullable: true }) message!: string | null;
  @ApiProperty({ type: () => PledgePaymentResponse }) payment!: PledgePaymentResponse;
  @ApiProperty({ type: String, nullable: true }) failureReason!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) confirmedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) refundedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) refundReason!: string | null;
}

/** What matching says the pledge would add now (best effort: null when matching did not answer). */
export class PledgeMatchQuoteResponse {
  @ApiProperty({ type: 'integer', description: 'cents' }) amount!: number;
  @ApiProperty({ example: 'EUR' }) currency!: string;
}

/** POST /pledges: the new pledge, with the match quote read before it was created. */
export class CreatedPledgeResponse extends PledgeResponse {
  @ApiProperty({ type: () => PledgeMatchQuoteResponse, nullable: true }) matchQuote!: PledgeMatchQuoteResponse | null;
}

export class BackerResponse {
  @ApiProperty({ type: 'integer', description: 'cents' }) amount!: number;
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null when the backer chose to stay anonymous' }) displayName!: string | null;
  @ApiProperty({ type: String, nullable: true }) message!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) confirmedAt!: string;
}

export class BackersPageResponse {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ type: 'integer', description: 'confirmed pledges in all' }) total!: number;
  @ApiProperty({ type: () => [BackerResponse], description: 'newest first, at most `limit`' }) items!: BackerResponse[];
}

export class RefundProgressResponse {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ type: 'integer' }) refunded!: number;
  @ApiProperty({ type: 'integer' }) pending!: number;
  @ApiProperty({ type: 'integer', description: 'cents' }) refundedAmount!: number;
}
