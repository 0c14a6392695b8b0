export type RuleType = 'ratio' | 'threshold' | 'quadratic';

/** A rule as its funder writes it (api.md): one body for the three types, each type using only its own fields. */
export interface RuleInput {
  type: RuleType;
  numerator?: number;
  denominator?: number;
  thresholdBps?: number;
  thresholdAmount?: number;
  minBackers?: number;
  grantAmount?: number;
  grantBpsOfGoal?: number;
  roundStartsAt?: string;
  roundEndsAt?: string;
  eligibility?: object;
}

const FIELDS = {
  ratio: [
    'numerator',
    'denominator',
    'maxMatchablePerPledge',
    'maxMatchPerPledge',
    'maxMatchPerDonorPerCampaign',
    'maxMatchedPledgesPerDonorPerCampaign',
    'maxMatchPerCampaign',
  ],
  threshold: [
    'thresholdBps',
    'thresholdAmount',
    'minBackers',
    'grantAmount',
    'grantBpsOfGoal',
    'maxGrantAmount',
    'maxCountedPerBacker',
    'partialWhenPoolShort',
  ],
  quadratic: ['roundStartsAt', 'roundEndsAt', 'capBps', 'capAmount', 'minContributionAmount', 'minUniqueDonors', 'scaleUpWhenUnsaturated'],
} as const;

/** The rule's own parameters (only its type's fields), or every problem with the body. */
export function validateRule(dto: RuleInput): { params: Record<string, unknown>; problems: string[] } {
  const problems: string[] = [];
  const own = FIELDS[dto.type] as readonly string[];
  const body = dto as unknown as Record<string, unknown>;
  for (const fields of Object.values(FIELDS)) {
    for (const f of fields) if (body[f] !== undefined && !own.includes(f)) problems.push(`${f} does not apply to a ${dto.type} rule`);
  }
  const params = Object.fromEntries(own.filter((f) => body[f] !== undefined).map((f) => [f, body[f]]));
  if (dto.type === 'ratio' && (dto.numerator === undefined || dto.denominator === undefined)) problems.push('a ratio rule needs numerator and denominator');
  if (dto.type === 'threshold') {
    if (dto.thresholdBps === undefined && dto.thresholdAmount === undefined && dto.minBackers === undefined)
      problems.push('a threshold rule needs thresholdBps, thresholdAmount or minBackers');
    if ((dto.grantAmount === undefined) === (dto.grantBpsOfGoal === undefined))
      problems.push('a threshold rule needs exactly one of grantAmount and grantBpsOfGoal');
  }
  if (dto.type === 'quadratic') {
    if (!dto.roundStartsAt || !dto.roundEndsAt) problems.push('a quadratic rule needs roundStartsAt and roundEndsAt');
    else if (new Date(dto.roundEndsAt) <= new Date(dto.roundStartsAt)) problems.push('roundEndsAt must be after roundStartsAt');
  }
  return { params, problems };
}

/** The eligibility as stored: the criteria given, without those left undefined. */
export function storedEligibility(eligibility: object | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(eligibility ?? {}).filter(([, v]) => v !== undefined));
}
