import { lstatSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { ensurePrivateDir } from '../config/private-files';
import { lockExtendedProtocol } from './pglite-protocol-lock';

export interface EmbeddedPostgres {
  /** A `pg` connection string to the Unix socket (`postgres://postgres@/postgres?host=<socket folder>`). */
  readonly url: string;
  /** The folder holding the socket `.s.PGSQL.5432` (psql: `psql -h <socketDir> -U postgres`). */
  readonly socketDir: string;
  stop(): Promise<void>;
}

/** Linux's limit for a Unix socket path is 107 bytes (macOS: 103); keep below both. */
const MAX_SOCKET_PATH = 100;
const SOCKET_NAME = '.s.PGSQL.5432';

/**
 * Embedded mode's database: PGlite (PostgreSQL compiled to WASM) persisted in `dataDir`, served by
 * pglite-socket so every service talks to it through the same `pg` driver, SQL and migrations as
 * production. pglite-socket multiplexes client connections over PGlite's single session and keeps a
 * transaction exclusive to the connection that opened it (and, with our patch, each
 * extended-protocol query), so transactions stay isolated: they are serialized, which is fine for
 * evaluation and development.
 *
 * Access (issue 17 #9): PGlite answers every startup with "authentication ok" (it ignores pg_hba.conf
 * and passwords, and pglite-socket 0.2.17 forwards the startup message to it untouched), so a TCP port
 * let any local user rewrite the ledger. The server therefore listens on a **Unix socket inside the
 * data folder**, which is 0700 and owned by this user: only this user (and root) can reach it. With
 * `memory`, or a data folder whose path is too long for a socket, it is a fresh 0700 folder under the
 * OS temp folder, removed on stop. No TCP port is opened.
 * PGlite does not fsync: embedded mode is not for real money; PostgreSQL is.
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  let socketDir: string;
  let ownSocketDir = false;
  if (dataDir !== 'memory') ensurePrivateDir(dataDir);
  if (dataDir !== 'memory' && join(resolve(dataDir), SOCKET_NAME).length <= MAX_SOCKET_PATH) {
    socketDir = resolve(dataDir);
  } else {
    socketDir = mkdtempSync(join(tmpdir(), 'civic-pg-')); // created 0700
    ownSocketDir = true;
  }
  const path = join(socketDir, SOCKET_NAME);
  await removeStaleSocket(path); // before PGlite opens the files another instance may be using
  const db = dataDir === 'memory' ? await PGlite.create() : await PGlite.create(dataDir);
  try {
    const server = new PGLiteSocketServer({ db, path, maxConnections: 200 });
    lockExtendedProtocol(server);
    await server.start();
    return {
      url: `postgres://postgres@/postgres?host=${encodeURIComponent(socketDir)}`,
      socketDir,
      async stop() {
        await server.stop();
        await db.close();
        if (ownSocketDir) rmSync(socketDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await db.close();
    if (ownSocketDir) rmSync(socketDir, { recursive: true, force: true });
    throw e;
  }
}

/** A socket left by a process that died is removed; one that still answers means another instance uses this data folder. */
async function removeStaleSocket(path: string): Promise<void> {
  let isSocket = false;
  try {
    isSocket = lstatSync(path).isSocket();
  } catch {
    return; // nothing there
  }
  if (!isSocket) throw new Error(`${path} exists and is not a socket: refusing to replace it`);
  const alive = await new Promise<boolean>((done) => {
    const probe = connect(path);
    probe.once('connect', () => (probe.destroy(), done(true)));
    probe.once('error', () => done(false));
  });
  if (alive) throw new Error(`another process serves the database in ${path}: one platform per data folder (PGLITE_DATA_DIR)`);
  unlinkSync(path);
}
