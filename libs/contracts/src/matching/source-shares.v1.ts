import { registerDecorator, ValidationOptions } from 'class-validator';

/**
 * Declared source shares of a matching fund (docs/money-rules.md, "A fund's money by source"): the
 * funder says which part of the fund each source pays, in basis points that sum to exactly 10000,
 * e.g. ERDF 5000 / national 3500 / city 1500. Every figure reported per source is the fund's figure
 * split in these shares (largest remainder, libs/ledger splitBySource), never the fund's figure repeated.
 */
export interface SourceShare {
  source: string;
  shareBps: number;
}

export const SOURCE_SHARES_TOTAL_BPS = 10_000;
export const MAX_FUND_SOURCES = 20;
export const MAX_SOURCE_NAME_LENGTH = 50;

export interface SourceSharesProblem {
  code: string;
  message: string;
}

/**
 * Why a declared list of source shares is refused, or null when it is valid: a non-empty array of at
 * most MAX_FUND_SOURCES `{source, shareBps}`, sources 1..50 characters and unique, each share an
 * integer 1..10000, the shares summing to exactly 10000. Shared by matching's POST /funds (400 with
 * the code) and by every consumer of events that carry the shares (contract violation).
 */
export function sourceSharesProblem(shares: unknown): SourceSharesProblem | null {
  if (!Array.isArray(shares)) return { code: 'FUND_SOURCE_SHARES_INVALID', message: 'sourceShares must be an array of {source, shareBps}' };
  if (shares.length === 0) return { code: 'FUND_SOURCE_SHARES_EMPTY', message: 'sourceShares, when given, must declare at least one source' };
  if (shares.length > MAX_FUND_SOURCES) return { code: 'FUND_SOURCE_SHARES_TOO_MANY', message: `A fund declares at most ${MAX_FUND_SOURCES} sources` };
  const seen = new Set<string>();
  let sum = 0;
  for (const [i, s] of shares.entries()) {
    if (typeof s !== 'object' || s === null) return { code: 'FUND_SOURCE_SHARES_INVALID', message: `sourceShares[${i}] must be an object {source, shareBps}` };
    const { source, shareBps } = s as Record<string, unknown>;
    if (typeof source !== 'string' || source.trim().length === 0 || source.length > MAX_SOURCE_NAME_LENGTH) {
      return { code: 'FUND_SOURCE_NAME_INVALID', message: `sourceShares[${i}].source must be a text of 1 to ${MAX_SOURCE_NAME_LENGTH} characters` };
    }
    if (typeof shareBps !== 'number' || !Number.isInteger(shareBps) || shareBps < 1 || shareBps > SOURCE_SHARES_TOTAL_BPS) {
      return {
        code: 'FUND_SOURCE_SHARE_INVALID',
        message: `sourceShares[${i}].shareBps must be an integer from 1 to ${SOURCE_SHARES_TOTAL_BPS} (basis points)`,
      };
    }
    if (seen.has(source)) return { code: 'FUND_SOURCE_DUPLICATE', message: `Source "${source}" is declared twice` };
    seen.add(source);
    sum += shareBps;
  }
  if (sum !== SOURCE_SHARES_TOTAL_BPS) {
    return { code: 'FUND_SOURCE_SHARES_SUM', message: `The source shares sum to ${sum} basis points; they must sum to exactly ${SOURCE_SHARES_TOTAL_BPS}` };
  }
  return null;
}

/** class-validator decorator: the property, when present, is a valid list of source shares. */
export function IsSourceShares(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isSourceShares',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => sourceSharesProblem(value) === null,
        defaultMessage: (args) => sourceSharesProblem(args?.value)?.message ?? 'invalid source shares',
      },
    });
}
