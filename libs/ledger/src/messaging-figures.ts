import type { MessagingFigures } from './platform-figures';

/** A service's own messaging figures (its schema's outbox and inbox tables). */
export async function messagingFigures(
  sql: { query(q: string, p?: unknown[]): Promise<any> }, // eslint-disable-line @typescript-eslint/no-explicit-any
  schema: string,
): Promise<MessagingFigures> {
  const [row] = await sql.query(
    `SELECT (SELECT count(*) FROM "${schema}".outbox_messages WHERE published_at IS NULL) AS pending,
            (SELECT count(*) FROM "${schema}".inbox_messages WHERE status = 'dead') AS dead`,
  );
  return { pendingOutbox: Number(row.pending), deadLetters: Number(row.dead) };
}
