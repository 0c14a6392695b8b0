import { DomainError } from '@lib/platform';

export class CampaignNotEligible extends DomainError {
  constructor(problems: string[]) {
    super('CAMPAIGN_NOT_ELIGIBLE', 'unprocessable', `The campaign does not meet the call's rules: ${problems.join('; ')}`, { reasons: problems });
  }
}

export class CallRulesInvalid extends DomainError {
  constructor(message: string) {
    super('CALL_INVALID', 'invalid', message);
  }
}
