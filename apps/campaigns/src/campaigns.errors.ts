import { DomainError } from '@lib/platform/errors/domain-error';

/** Every refusal code of the campaigns service (the values are the `code` strings clients see). */
export enum CampaignsErrorCode {
  CAMPAIGN_NOT_ELIGIBLE = 'CAMPAIGN_NOT_ELIGIBLE',
  CALL_INVALID = 'CALL_INVALID',
  CAMPAIGN_STATE_CONFLICT = 'CAMPAIGN_STATE_CONFLICT',
  CAMPAIGN_SHARES_NOT_100 = 'CAMPAIGN_SHARES_NOT_100',
  CAMPAIGN_HAS_PLEDGES = 'CAMPAIGN_HAS_PLEDGES',
  CAMPAIGN_NOT_PUBLISHED = 'CAMPAIGN_NOT_PUBLISHED',
  CAMPAIGN_NOT_IN_DELIVERY = 'CAMPAIGN_NOT_IN_DELIVERY',
  REJECT_REASON_REQUIRED = 'REJECT_REASON_REQUIRED',
  MILESTONE_TARGET_EQUALS_BASELINE = 'MILESTONE_TARGET_EQUALS_BASELINE',
  MILESTONE_STATE_CONFLICT = 'MILESTONE_STATE_CONFLICT',
  MILESTONE_NOT_VERIFIABLE = 'MILESTONE_NOT_VERIFIABLE',
  VERIFIER_NOT_INDEPENDENT = 'VERIFIER_NOT_INDEPENDENT',
  CAMPAIGN_CURSOR_INVALID = 'CAMPAIGN_CURSOR_INVALID',
}

export class CampaignNotEligible extends DomainError {
  constructor(problems: string[]) {
    super(CampaignsErrorCode.CAMPAIGN_NOT_ELIGIBLE, 'unprocessable', `The campaign does not meet the call's rules: ${problems.join('; ')}`, {
      reasons: problems,
    });
  }
}

export class CallRulesInvalid extends DomainError {
  constructor(message: string) {
    super(CampaignsErrorCode.CALL_INVALID, 'invalid', message);
  }
}

/** A `cursor` of GET /campaigns that this list did not give out (tampered, truncated, another sort), or given with `page`. */
export class CampaignCursorInvalid extends DomainError {
  constructor(why: string) {
    super(
      CampaignsErrorCode.CAMPAIGN_CURSOR_INVALID,
      'invalid',
      `Invalid cursor: ${why}; pass the nextCursor of the previous page unchanged, with the same sort`,
    );
  }
}
