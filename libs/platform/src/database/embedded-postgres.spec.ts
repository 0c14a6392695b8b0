import { Pool } from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres';

/** Several pools hammering parameterized queries and transactions at once over one PGlite. */
describe('embedded PostgreSQL (PGlite behind pglite-socket)', () => {
  it('keeps concurrent connections from interleaving queries and transactions', async () => {
    const pg = await startEmbeddedPostgres('memory');
    const pools = [1, 2, 3].map(() => new Pool({ connectionString: pg.url, max: 4 }));
    try {
      await pools[0].query('CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL)');
      await pools[0].query('INSERT INTO counters VALUES (1, 0)');
      const work = pools.flatMap((pool, p) =>
        Array.from({ length: 40 }, async (_, i) => {
          if (i % 2 === 0) {
            const { rows } = await pool.query('SELECT $1::int + $2::int AS sum, $3::text AS tag', [p, i, `p${p}-${i}`]);
            expect(rows[0]).toEqual({ sum: p + i, tag: `p${p}-${i}` });
          } else {
            const client = await pool.connect();
            try {
              await client.query('BEGIN');
              const { rows } = await client.query('SELECT n FROM counters WHERE id = $1 FOR UPDATE', [1]);
              await client.query('UPDATE counters SET n = $1 WHERE id = $2', [rows[0].n + 1, 1]);
              await client.query('COMMIT');
            } finally {
              client.release();
            }
          }
        }),
      );
      await Promise.all(work);
      const { rows } = await pools[1].query('SELECT n FROM counters WHERE id = $1', [1]);
      expect(rows[0].n).toBe(60); // 3 pools × 20 increments, none lost
    } finally {
      await Promise.all(pools.map((p) => p.end()));
      await pg.stop();
    }
  }, 60_000);
});
