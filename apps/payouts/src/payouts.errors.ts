/**
 * Every refusal of the payouts service, by code (twenty's `BillingExceptionCode` style). The values
 * are the `code` strings clients see today: never rename one.
 */
export enum PayoutsErrorCode {
  TRANCHE_NOT_FOUND = 'TRANCHE_NOT_FOUND',
  /** NotFound('Fund (in payouts)') made this code from its words; kept as it was. */
  FUND_NOT_FOUND = 'FUND_IN_PAYOUTS__NOT_FOUND',
  FORBIDDEN = 'FORBIDDEN',
  TRANCHE_NOT_ELIGIBLE = 'TRANCHE_NOT_ELIGIBLE',
  TRANCHE_NOT_AWAITING_BANK_PAYMENT = 'TRANCHE_NOT_AWAITING_BANK_PAYMENT',
  PAYOUT_ACCOUNT_INVALID = 'PAYOUT_ACCOUNT_INVALID',
  PAYOUT_PROVIDER_UNAVAILABLE = 'PAYOUT_PROVIDER_UNAVAILABLE',
  AUDIT_SERVICE_URL_MISSING = 'AUDIT_SERVICE_URL_MISSING',
  AUDIT_SERVICE_UNREACHABLE = 'AUDIT_SERVICE_UNREACHABLE',
  AUDIT_SERVICE_REFUSED = 'AUDIT_SERVICE_REFUSED',
}
