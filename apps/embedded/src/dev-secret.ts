import { join } from 'node:path';
import { ensurePrivateDir, type Owner, readOrCreateSecretFile } from '@lib/platform';

/**
 * Embedded mode keeps its dev-token secret inside its data folder (`<PGLITE_DATA_DIR>/dev-token.secret`,
 * mode 0600, the folder 0700), so tokens survive a restart, each instance has its own, and deleting the
 * data folder deletes it. An existing file not owned by this user or readable by others is refused.
 * (Never used in distributed mode, where dev tokens are off unless explicitly enabled.)
 */
export function persistentDevSecret(dataDir: string, owner?: Owner): string | undefined {
  if (dataDir === 'memory') return undefined;
  ensurePrivateDir(dataDir, owner);
  return readOrCreateSecretFile(join(dataDir, 'dev-token.secret'), owner);
}
