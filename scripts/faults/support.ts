/** Waiting for a condition, and connections to the run's database (and to the server, for CREATE / DROP DATABASE). */
import { Client } from 'pg';
import { ADMIN_DB_URL, DB_URL, log, sleep } from './config';

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(400);
  }
}

export async function pg(): Promise<Client> {
  const c = new Client({ connectionString: DB_URL });
  c.on('error', (e) => log(`checker's database connection: ${e.message}`));
  await c.connect();
  return c;
}

export async function adminQuery(sql: string): Promise<void> {
  const c = new Client({ connectionString: ADMIN_DB_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}
