import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Embedded mode keeps its dev-token secret next to its data, so tokens survive a restart.
 * (Never used in distributed mode, where dev tokens are off unless explicitly enabled.)
 */
export function persistentDevSecret(dataDir: string): string | undefined {
  if (dataDir === 'memory') return undefined;
  const file = join(dirname(dataDir), 'dev-token.secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
