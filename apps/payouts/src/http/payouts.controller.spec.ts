import type { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import type { LedgerQueries } from '../queries/ledger.queries';
import { loadPayoutsConfig } from '../payouts.config';
import { PayoutsController } from './payouts.controller';

const config = loadPayoutsConfig({ env: { EXPORT_MAX_CONCURRENT: '1', EXPORT_STALL_MS: '1000' } });

/** The transparency CSV is opened in spreadsheets: no cell of it may run as a formula (OWASP CSV injection). */
describe('transparency export: streamed, CSV safe in spreadsheets', () => {
  const row = (overrides: Record<string, unknown>) => ({
    date: '2027-01-01T00:00:00.000Z',
    fundId: 'f1',
    sourceTags: ['municipal'],
    campaignId: 'c1',
    trancheId: null,
    movement: 'committed',
    amount: 1000,
    currency: 'EUR',
    status: 'committed',
    sourceShares: null,
    ...overrides,
  });

  async function exportOf(format: 'csv' | 'json', chunks: Record<string, unknown>[][]): Promise<{ body: string; type: string }> {
    const ledger = {
      publicMoney: async function* () {
        yield* chunks;
      },
    } as unknown as LedgerQueries;
    let body = '';
    let type = '';
    const res = {
      destroyed: false,
      type: (t: string) => {
        type = t;
        return res;
      },
      setHeader: () => res,
      write: (text: string) => {
        body += text;
        return true;
      },
      end: (text: string) => {
        body += text;
        return res;
      },
    } as unknown as Response;
    await new PayoutsController({} as CommandBus, ledger, config).export({ format } as never, res);
    return { body, type };
  }

  async function csvOf(rows: Record<string, unknown>[]): Promise<string[][]> {
    const { body } = await exportOf('csv', [rows]);
    return body.trimEnd().split('\n').slice(1).map(parseCsvLine);
  }

  it('streams chunk by chunk the same bytes as one whole answer, JSON and CSV', async () => {
    const rows = [row({ amount: 1 }), row({ amount: 2 }), row({ amount: 3 })];
    expect(await exportOf('json', [rows.slice(0, 2), rows.slice(2)])).toEqual({ body: JSON.stringify(rows), type: 'application/json' });
    expect((await exportOf('json', [])).body).toBe('[]');
    const whole = (await exportOf('csv', [rows])).body;
    expect((await exportOf('csv', [rows.slice(0, 1), rows.slice(1)])).body).toBe(whole);
    expect(whole.split('\n')).toHaveLength(5); // header, three rows, the final newline
    expect((await exportOf('csv', [])).body).toBe('date,fundId,sourceTags,campaignId,trancheId,movement,amount,currency,status,sourceShares\n');
  });

  it('stops reading, and lets the database cursor go, when the client goes away', async () => {
    let read = 0;
    let closed = false;
    const ledger = {
      publicMoney: async function* () {
        try {
          for (;;) yield [row({ amount: ++read })];
        } finally {
          closed = true;
        }
      },
    } as unknown as LedgerQueries;
    const res = { destroyed: false, type: () => res, setHeader: () => res, end: () => res } as unknown as Response & { destroyed: boolean };
    (res as unknown as { write: () => boolean }).write = () => {
      res.destroyed = true; // the first write finds the client gone
      return true;
    };
    await new PayoutsController({} as CommandBus, ledger, config).export({ format: 'json' } as never, res);
    expect({ read, closed }).toEqual({ read: 1, closed: true });
  });

  it.each([['=HYPERLINK("http://evil.example","x")'], ['+1+cmd|" /C calc"!A0'], ['-2+3'], ['@SUM(A1:A9)'], ['\tcmd'], ['\rcmd']])(
    'neutralizes a cell starting with a formula character: %j',
    async (tag) => {
      const [cells] = await csvOf([row({ sourceTags: [tag] })]);
      expect(cells[2]).toBe(`'${tag}`); // a leading apostrophe: the spreadsheet shows text, runs nothing
    },
  );

  it('keeps plain text and numbers (negative ones too) as they are, and quotes separators', async () => {
    const [cells] = await csvOf([row({ sourceTags: ['municipal', 'ESF+'], amount: -250, movement: 'a,b' })]);
    expect(cells).toEqual(['2027-01-01T00:00:00.000Z', 'f1', 'municipal;ESF+', 'c1', '', 'a,b', '-250', 'EUR', 'committed', '']);
  });

  it('writes the declared source shares as source:bps, neutralized like every text cell', async () => {
    const [plain] = await csvOf([
      row({
        sourceShares: [
          { source: 'ERDF', shareBps: 5000 },
          { source: 'city', shareBps: 5000 },
        ],
      }),
    ]);
    expect(plain[9]).toBe('ERDF:5000;city:5000');
    const [hostile] = await csvOf([row({ sourceShares: [{ source: '=cmd', shareBps: 10_000 }] })]);
    expect(hostile[9]).toBe("'=cmd:10000");
  });
});

/** RFC 4180 line (no embedded newlines in these tests' cells except CR, which stays inside quotes). */
function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else value += line[i++];
      }
      cells.push(value);
      i++; // the comma
    } else {
      const end = line.indexOf(',', i) === -1 ? line.length : line.indexOf(',', i);
      cells.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return cells;
}
