import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';

/**
 * Files only this OS user may read: the embedded dev-token secret and the embedded database password,
 * and the folder that holds them (the embedded data folder, which also holds the PGlite files and the
 * database's Unix socket). docs/security.md.
 */
export class PrivateFileError extends Error {}

export interface Owner {
  /** The OS user that must own the files; default: this process's (checks are skipped where the OS has no uids). */
  uid?: number;
}

const currentUid = (owner?: Owner) => owner?.uid ?? (typeof process.getuid === 'function' ? process.getuid() : undefined);

/** Creates `dir` (0700) or checks an existing one: a real directory owned by us; group/other access is removed. */
export function ensurePrivateDir(dir: string, owner?: Owner): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  if (!st.isDirectory()) throw new PrivateFileError(`${dir} must be a directory (not a symbolic link or a file)`);
  const uid = currentUid(owner);
  if (uid !== undefined && st.uid !== uid) {
    throw new PrivateFileError(`${dir} is owned by uid ${st.uid}, not by this user (uid ${uid}): refusing to keep secrets in it`);
  }
  if ((st.mode & 0o077) !== 0) chmodSync(dir, 0o700);
}

/**
 * Reads the secret in `file`, or creates it (random, 32 bytes hex, mode 0600, exclusively: never
 * through an existing file or link). An existing file is trusted only if it is a regular file owned
 * by this user that nobody else can read or write; otherwise a PrivateFileError says what to fix.
 */
export function readOrCreateSecretFile(file: string, owner?: Owner): string {
  let fd: number;
  try {
    fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return readSecretFile(file, owner);
  }
  try {
    if ((fstatSync(fd).mode & 0o777) !== 0o600) chmodSync(file, 0o600);
    const secret = randomBytes(32).toString('hex');
    writeSync(fd, secret);
    return secret;
  } finally {
    closeSync(fd);
  }
}

function readSecretFile(file: string, owner?: Owner): string {
  const st = lstatSync(file);
  if (!st.isFile()) throw new PrivateFileError(`${file} must be a regular file (not a symbolic link)`);
  const uid = currentUid(owner);
  if (uid !== undefined && st.uid !== uid) {
    throw new PrivateFileError(`${file} is owned by uid ${st.uid}, not by this user (uid ${uid}): refusing to trust it; delete it to get a new one`);
  }
  if ((st.mode & 0o077) !== 0) {
    throw new PrivateFileError(
      `${file} is accessible to group or others (mode ${(st.mode & 0o777).toString(8)}): refusing to trust it; chmod 600 it or delete it`,
    );
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 32) throw new PrivateFileError(`${file} holds no usable secret (under 32 characters); delete it to get a new one`);
  return secret;
}
