/**
 * A fund's pool. Every cent of the budget is in exactly one bucket, so at every instant
 * available + reserved + committed + spent + returned = budget, and no bucket is negative.
 * (The database enforces the same with CHECK constraints; this is the rule in code.)
 */
export interface PoolState {
  budget: number;
  available: number;
  reserved: number;
  committed: number;
  spent: number;
  returned: number;
}

export function emptyPool(budget: number): PoolState {
  assertCents(budget, 'budget');
  return { budget, available: budget, reserved: 0, committed: 0, spent: 0, returned: 0 };
}

export function topUp(pool: PoolState, amount: number): PoolState {
  assertCents(amount, 'top-up amount');
  if (amount === 0) throw new RangeError('top-up amount must be positive');
  return { ...pool, budget: pool.budget + amount, available: pool.available + amount };
}

export function poolBalances(pool: PoolState): boolean {
  const buckets = [pool.available, pool.reserved, pool.committed, pool.spent, pool.returned];
  return buckets.every((b) => Number.isSafeInteger(b) && b >= 0) && buckets.reduce((a, b) => a + b, 0) === pool.budget;
}

function assertCents(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative integer number of cents`);
}
