import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Pool } from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres';

/** Connects to `url` as another OS user (uid/gid 65534, root only) with a wrong password; resolves to what happened. */
function connectAsNobody(url: string): Promise<string> {
  const script = `
    const { Client } = require(${JSON.stringify(require.resolve('pg'))});
    const c = new Client({ connectionString: process.env.PGURL, password: 'wrong-password', connectionTimeoutMillis: 5000 });
    c.connect().then(() => c.query('SELECT 1')).then(() => { console.log('CONNECTED'); return c.end(); }, (e) => console.log('REFUSED ' + (e.code || e.message)));`;
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['-e', script], { uid: 65534, gid: 65534, env: { PGURL: url }, cwd: '/' });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', fail);
    child.on('exit', () => done(out.trim()));
  });
}

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

  /** Issue 17 #9: PGlite accepts any user and password, so nothing but this OS user may reach it. */
  it('opens no TCP port: a Unix socket inside the 0700 data folder, which another OS user cannot reach', async () => {
    const root = mkdtempSync(join(tmpdir(), 'civic-pg-access-'));
    chmodSync(root, 0o755); // only the data folder's own permissions stand between other users and the socket
    const dataDir = join(root, 'data');
    const pg = await startEmbeddedPostgres(dataDir);
    try {
      const [, host] = /^postgres:\/\/postgres@\/postgres\?host=([^&]+)$/.exec(pg.url) ?? []; // no host:port, a socket folder
      expect(decodeURIComponent(host ?? '')).toBe(resolve(dataDir));
      expect(pg.socketDir).toBe(resolve(dataDir));
      expect(statSync(join(dataDir, '.s.PGSQL.5432')).isSocket()).toBe(true);
      const dir = statSync(dataDir);
      expect(dir.mode & 0o777).toBe(0o700);
      expect(dir.uid).toBe(process.getuid?.() ?? dir.uid);
      const own = new Client({ connectionString: pg.url });
      await own.connect();
      expect((await own.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      await own.end();
      if (process.getuid?.() === 0) {
        // a real second OS user, with a wrong password: the socket folder refuses it
        expect(await connectAsNobody(pg.url)).toBe('REFUSED EACCES');
      }
      // a second platform on the same data folder is refused before it opens the database files
      await expect(startEmbeddedPostgres(dataDir)).rejects.toThrow(/another process serves the database/);
    } finally {
      await pg.stop();
      rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);
});
