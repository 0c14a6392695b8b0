import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const RULE_TYPES = ['ratio', 'threshold', 'quadratic'] as const;

/** Which campaigns a rule matches (each list, when present, must contain the campaign's value). */
export class EligibilityResponse {
  @ApiPropertyOptional({ type: [String] }) callIds?: string[];
  @ApiPropertyOptional({ type: [String] }) areas?: string[];
  @ApiPropertyOptional({ type: [String] }) categories?: string[];
  @ApiPropertyOptional({ type: [String] }) promoterTypes?: string[];
}

const int = (description?: string) => ApiPropertyOptional({ type: 'integer', description });

/**
 * A rule as a fund lists it: its parameters spread in, those of its type only (docs/matching-rules.md;
 * validated by domain/rule-params.ts when the rule was added).
 */
export class RuleResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: RULE_TYPES }) type!: (typeof RULE_TYPES)[number];
  @ApiProperty({ type: () => EligibilityResponse }) eligibility!: EligibilityResponse;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  // ratio
  @int() numerator?: number;
  @int() denominator?: number;
  @int('cents') maxMatchablePerPledge?: number;
  @int('cents') maxMatchPerPledge?: number;
  @int('cents') maxMatchPerDonorPerCampaign?: number;
  @int() maxMatchedPledgesPerDonorPerCampaign?: number;
  @int('cents') maxMatchPerCampaign?: number;
  // threshold
  @int('basis points of the goal') thresholdBps?: number;
  @int('cents') thresholdAmount?: number;
  @int() minBackers?: number;
  @int('cents') grantAmount?: number;
  @int('basis points of the goal') grantBpsOfGoal?: number;
  @int('cents') maxGrantAmount?: number;
  @int('cents') maxCountedPerBacker?: number;
  @ApiPropertyOptional() partialWhenPoolShort?: boolean;
  // quadratic
  @ApiPropertyOptional({ type: String, format: 'date-time' }) roundStartsAt?: string;
  @ApiPropertyOptional({ type: String, format: 'date-time' }) roundEndsAt?: string;
  @int('basis points of the pool per campaign') capBps?: number;
  @int('cents') capAmount?: number;
  @int('cents') minContributionAmount?: number;
  @int() minUniqueDonors?: number;
  @ApiPropertyOptional() scaleUpWhenUnsaturated?: boolean;
}

/** POST /funds/:id/rules: the new rule, its parameters as one object. */
export class CreatedRuleResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) fundId!: string;
  @ApiProperty({ enum: RULE_TYPES }) type!: (typeof RULE_TYPES)[number];
  @ApiProperty({ type: 'object', additionalProperties: true, description: "the rule's parameters, as listed in RuleResponse" }) params!: Record<
    string,
    unknown
  >;
  @ApiProperty({ type: () => EligibilityResponse }) eligibility!: EligibilityResponse;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
}
