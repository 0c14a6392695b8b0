import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { lockExtendedProtocol } from './pglite-protocol-lock';

export interface EmbeddedPostgres {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Embedded mode's database: PGlite (PostgreSQL compiled to WASM) persisted in `dataDir`, served on a
 * loopback port by pglite-socket so every service talks to it through the same `pg` driver, SQL and
 * migrations as production. pglite-socket multiplexes client connections over PGlite's single
 * session and keeps a transaction exclusive to the connection that opened it (and, with our patch,
 * each extended-protocol query), so transactions stay isolated: they are serialized, which is fine
 * for evaluation and development.
 * PGlite does not fsync: embedded mode is not for real money; PostgreSQL is.
 */
export async function startEmbeddedPostgres(dataDir: string, port = 0): Promise<EmbeddedPostgres> {
  let db: PGlite;
  if (dataDir === 'memory') {
    db = await PGlite.create();
  } else {
    mkdirSync(dataDir, { recursive: true });
    db = await PGlite.create(dataDir);
  }
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections: 200 });
  lockExtendedProtocol(server);
  await server.start();
  const conn = server.getServerConn();
  return {
    url: `postgres://postgres:postgres@${conn}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
