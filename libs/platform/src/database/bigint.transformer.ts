import type { ValueTransformer } from 'typeorm';

/**
 * Money columns are `bigint` in PostgreSQL; `pg` returns them as strings. Amounts are integer cents
 * and must stay exact, so we convert only when the value is a safe integer (up to 2^53-1 cents,
 * about 90 trillion EUR) and fail loudly otherwise rather than lose a cent.
 */
export const bigintToNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => {
    if (value === null || value === undefined) return value;
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isSafeInteger(n)) throw new RangeError(`bigint column value ${value} is not a safe integer`);
    return n;
  },
};
