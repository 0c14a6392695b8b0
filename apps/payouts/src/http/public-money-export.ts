import type { Response } from 'express';
import type { PublicMoneyRow } from '../queries/ledger.queries';

/**
 * One CSV cell, safe to open in a spreadsheet (OWASP "CSV injection"): text starting with = + - @,
 * tab or CR is prefixed with an apostrophe so it shows as text instead of running as a formula, and
 * quoted. Numbers are ours (amounts), so a negative one stays a number.
 */
export const csvCell = (v: unknown) => {
  if (typeof v === 'number') return String(v);
  let s = Array.isArray(v) ? v.join(';') : v === null || v === undefined ? '' : String(v);
  const formula = /^[=+\-@\t\r]/.test(s);
  if (formula) s = `'${s}`;
  return formula || /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

const COLUMNS = ['date', 'fundId', 'sourceTags', 'campaignId', 'trancheId', 'movement', 'amount', 'currency', 'status', 'sourceShares'] as const;

/** A row as a CSV line; sourceShares as `source:bps;source:bps` (empty: none declared). */
const csvLine = (r: PublicMoneyRow) =>
  COLUMNS.map((c) => csvCell(c === 'sourceShares' ? (r.sourceShares ?? []).map((s) => `${s.source}:${s.shareBps}`) : r[c])).join(',');

/** Writes, waiting while the client's buffer is full (or until it has gone away); a client that reads nothing for `stallMs` is cut off. */
function write(res: Response, text: string, stallMs: number): Promise<void> {
  if (res.write(text)) return Promise.resolve();
  return new Promise((resolve) => {
    const stalled = setTimeout(() => res.destroy(new Error(`export client read nothing for ${stallMs} ms`)), stallMs);
    const done = () => {
      clearTimeout(stalled);
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * Streams the export chunk by chunk: the same bytes as one JSON array (or one CSV document) of every
 * row, without holding them. The first chunk is read before anything is sent, so a refusal or a
 * failure there is an ordinary error answer; a failure later cuts the response off (never a
 * well-formed but incomplete export). A client that goes away stops the reading.
 */
export async function streamPublicMoney(res: Response, format: 'json' | 'csv', chunks: AsyncIterable<PublicMoneyRow[]>, stallMs = 30_000): Promise<void> {
  const iterator = chunks[Symbol.asyncIterator]();
  let next = await iterator.next();
  if (format === 'csv') res.type('text/csv').setHeader('Content-Disposition', 'attachment; filename="public-money.csv"');
  else res.type('application/json');
  let first = true;
  try {
    await write(res, format === 'csv' ? `${COLUMNS.join(',')}\n` : '[', stallMs);
    while (!next.done && !res.destroyed) {
      const rows = next.value;
      const text = format === 'csv' ? rows.map((r) => `${csvLine(r)}\n`).join('') : rows.map((r) => JSON.stringify(r)).join(',');
      if (rows.length > 0) await write(res, format === 'csv' || first ? text : `,${text}`, stallMs);
      first &&= rows.length === 0;
      if (!res.destroyed) next = await iterator.next();
    }
    if (!res.destroyed) res.end(format === 'csv' ? '' : ']');
  } catch (error) {
    res.destroy(error as Error);
  } finally {
    if (!next.done) await iterator.return?.(); // the client went away or a write failed: close the database cursor
  }
}
