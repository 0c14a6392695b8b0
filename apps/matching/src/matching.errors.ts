import { DomainError } from '@lib/platform';

/**
 * Every error code the matching service answers with (the `code` of each DomainError it throws).
 * The values are the wire strings clients see: never rename one. The *_NOT_FOUND codes and their
 * messages are those the platform's NotFound derives from the resource name; the FUND_SOURCE_*
 * codes are sourceSharesProblem's (libs/contracts), answered as they are (matching.errors.spec.ts
 * checks both).
 */
export enum MatchingErrorCode {
  FUND_NOT_FOUND = 'FUND_NOT_FOUND',
  CAMPAIGN_NOT_FOUND = 'CAMPAIGN_NOT_FOUND',
  QUADRATIC_ROUND_NOT_FOUND = 'QUADRATIC_ROUND_NOT_FOUND',
  CAMPAIGN_NOT_YET_KNOWN = 'CAMPAIGN_NOT_YET_KNOWN',
  FUND_NOT_OWNER = 'FUND_NOT_OWNER',
  FUND_CLOSED = 'FUND_CLOSED',
  FUND_SOURCE_TAGS_MISMATCH = 'FUND_SOURCE_TAGS_MISMATCH',
  FUND_SOURCE_SHARES_INVALID = 'FUND_SOURCE_SHARES_INVALID',
  FUND_SOURCE_SHARES_EMPTY = 'FUND_SOURCE_SHARES_EMPTY',
  FUND_SOURCE_SHARES_TOO_MANY = 'FUND_SOURCE_SHARES_TOO_MANY',
  FUND_SOURCE_NAME_INVALID = 'FUND_SOURCE_NAME_INVALID',
  FUND_SOURCE_SHARE_INVALID = 'FUND_SOURCE_SHARE_INVALID',
  FUND_SOURCE_DUPLICATE = 'FUND_SOURCE_DUPLICATE',
  FUND_SOURCE_SHARES_SUM = 'FUND_SOURCE_SHARES_SUM',
  RULE_INVALID = 'RULE_INVALID',
  ROUND_UNBALANCED = 'ROUND_UNBALANCED',
}

export class FundNotFound extends DomainError {
  constructor(id: string) {
    super(MatchingErrorCode.FUND_NOT_FOUND, 'not_found', `Fund ${id} not found`);
  }
}

export class CampaignNotFound extends DomainError {
  constructor(id: string) {
    super(MatchingErrorCode.CAMPAIGN_NOT_FOUND, 'not_found', `Campaign ${id} not found`);
  }
}

export class QuadraticRoundNotFound extends DomainError {
  constructor(id: string) {
    super(MatchingErrorCode.QUADRATIC_ROUND_NOT_FOUND, 'not_found', `Quadratic round ${id} not found`);
  }
}

/** A pledge event for a campaign whose campaign.published has not reached matching: retried (it travels on another topic). */
export class CampaignNotYetKnown extends DomainError {
  constructor(id: string) {
    super(MatchingErrorCode.CAMPAIGN_NOT_YET_KNOWN, 'not_found', `Campaign ${id} is not known to matching (yet)`);
  }
}

/** Only the funder that owns a fund may change it; `action` completes "may …" (top it up, close it, add rules). */
export class FundNotOwner extends DomainError {
  constructor(action: string) {
    super(MatchingErrorCode.FUND_NOT_OWNER, 'forbidden', `Only the funder that owns this fund may ${action}`);
  }
}

/** A closed fund takes no top-up, rule or second close; `message` as each use case has always said it. */
export class FundClosed extends DomainError {
  constructor(message: 'The fund is closed' | 'The fund is already closed') {
    super(MatchingErrorCode.FUND_CLOSED, 'conflict', message);
  }
}

/** A refusal of sourceSharesProblem (libs/contracts), under its own code. */
export class FundSourceSharesRefused extends DomainError {
  constructor(problem: { code: string; message: string }) {
    super(problem.code as MatchingErrorCode, 'invalid', problem.message);
  }
}
