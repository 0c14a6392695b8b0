import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { persistentDevSecret } from './dev-secret';

/** Issue 17 #8: the dev-token secret is per instance, inside its data folder, 0600, and checked. */
describe('persistentDevSecret', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'civic-dev-secret-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('keeps the secret inside the data folder, mode 0600 in a 0700 folder, and the same across restarts', () => {
    const dataDir = join(root, 'a', 'pglite');
    const secret = persistentDevSecret(dataDir);
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    const file = join(dataDir, 'dev-token.secret');
    expect(readFileSync(file, 'utf8')).toBe(secret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(existsSync(join(root, 'a', 'dev-token.secret'))).toBe(false); // nothing beside the data folder
    expect(persistentDevSecret(dataDir)).toBe(secret);
  });

  it('gives instances whose data folders share a parent their own secrets, and a new one once the data folder is deleted', () => {
    const one = persistentDevSecret(join(root, 'one'));
    const two = persistentDevSecret(join(root, 'two'));
    expect(one).not.toBe(two);
    rmSync(join(root, 'one'), { recursive: true });
    expect(persistentDevSecret(join(root, 'one'))).not.toBe(one);
  });

  it('tightens an existing data folder that others could enter', () => {
    const dataDir = join(root, 'loose');
    persistentDevSecret(dataDir);
    chmodSync(dataDir, 0o755);
    persistentDevSecret(dataDir);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
  });

  it('refuses an existing secret readable or writable by group or others', () => {
    const dataDir = join(root, 'd');
    persistentDevSecret(dataDir);
    for (const mode of [0o644, 0o640, 0o604, 0o622]) {
      chmodSync(join(dataDir, 'dev-token.secret'), mode);
      expect(() => persistentDevSecret(dataDir)).toThrow(/accessible to group or others.*chmod 600/);
    }
  });

  it('refuses a secret (or a data folder) not owned by the current user', () => {
    const dataDir = join(root, 'd');
    persistentDevSecret(dataDir);
    const someoneElse = { uid: statSync(dataDir).uid + 1 };
    expect(() => persistentDevSecret(dataDir, someoneElse)).toThrow(/not by this user/);
  });

  it('refuses a secret that is a symbolic link, or empty, and never writes through a link', () => {
    const dataDir = join(root, 'd');
    persistentDevSecret(dataDir);
    const file = join(dataDir, 'dev-token.secret');
    rmSync(file);
    const target = join(root, 'elsewhere');
    writeFileSync(target, 'a'.repeat(64), { mode: 0o600 });
    symlinkSync(target, file);
    expect(() => persistentDevSecret(dataDir)).toThrow(/regular file/);
    rmSync(file);
    writeFileSync(file, '\n', { mode: 0o600 });
    expect(() => persistentDevSecret(dataDir)).toThrow(/no usable secret/);
  });
});
