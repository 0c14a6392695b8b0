/**
 * Mapping raw rows once, in the repositories (docs/architecture.md): `pg` returns bigint and numeric
 * columns as strings, counts as strings, char(n) padded. These turn a column into the value the
 * domain uses — or fail loudly, naming the column, rather than lose a cent.
 */

/** A money column (integer cents): a safe integer, never rounded. */
export function cents(value: unknown, column: string): number {
  const n = typeof value === 'number' ? value : typeof value === 'bigint' || (typeof value === 'string' && /^-?\d+$/.test(value)) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw new RangeError(`column ${column}: ${String(value)} is not a whole number of cents within 2^53`);
  return n;
}

/** A nullable money column. */
export function centsOrNull(value: unknown, column: string): number | null {
  return value === null || value === undefined ? null : cents(value, column);
}

/** A count or other integer column (count(*) arrives as a string). */
export function integer(value: unknown, column: string): number {
  return cents(value, column);
}

/** A currency column (char(3)): trimmed once, upper case, three letters. */
export function currencyCode(value: unknown, column = 'currency'): string {
  const code = typeof value === 'string' ? value.trim() : '';
  if (!/^[A-Z]{3}$/.test(code)) throw new RangeError(`column ${column}: ${JSON.stringify(value)} is not an ISO 4217 code`);
  return code;
}

/** A timestamp column as a Date (pg returns Date already; PGlite too, other paths may give strings). */
export function timestamp(value: unknown, column: string): Date {
  const d = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
  if (!d || Number.isNaN(d.getTime())) throw new RangeError(`column ${column}: ${JSON.stringify(value)} is not a timestamp`);
  return d;
}

export function timestampOrNull(value: unknown, column: string): Date | null {
  return value === null || value === undefined ? null : timestamp(value, column);
}
