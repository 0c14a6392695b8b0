/**
 * The rows a raw `… RETURNING` statement gave back. TypeORM's `query()` answers
 * `[rows, rowCount]` for UPDATE and DELETE but the rows themselves for INSERT and SELECT, so a
 * `.length` on an UPDATE's result is always 2: read every raw RETURNING result through here.
 */
export function returnedRows<T = Record<string, unknown>>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}
