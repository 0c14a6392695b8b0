import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Issue 17 #15: the compose stack and scripts/dev/start-distributed.sh never turn dev tokens on by
 * default nor with a fixed secret; only the explicit local-development opt-ins do, with a fresh secret.
 */
const ROOT = join(__dirname, '../../../..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const uncommented = (text: string) =>
  text
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n');

describe('dev tokens in the distributed deployments', () => {
  it('docker-compose.yml turns dev tokens off and publishes no secret; docker-compose.dev.yml requires one without a default', () => {
    const base = uncommented(read('docker-compose.yml'));
    expect(base).toMatch(/^\s*AUTH_DEV_TOKENS:\s*"false"\s*$/m);
    expect(base).not.toMatch(/AUTH_DEV_SECRET/);
    const dev = uncommented(read('docker-compose.dev.yml'));
    expect(dev).toMatch(/^\s*AUTH_DEV_TOKENS:\s*"true"\s*$/m);
    expect(dev).toMatch(/^\s*AUTH_DEV_SECRET:\s*\$\{AUTH_DEV_SECRET:\?[^}]+\}\s*$/m); // required, no fallback
    for (const svc of ['campaigns', 'pledges', 'matching', 'payouts']) expect(dev).toMatch(new RegExp(`^  ${svc}:\\n    environment: \\*dev-tokens$`, 'm'));
  });

  describe('scripts/dev/start-distributed.sh (its dev-token step, scripts/dev/distributed/dev-tokens.sh, run with stand-ins for the rest)', () => {
    let dir: string;
    it('start-distributed.sh sources the dev-token step and runs it before starting the services', () => {
      const script = uncommented(read('scripts/dev/start-distributed.sh'));
      expect(script).toMatch(/^source "\$LIB\/dev-tokens\.sh"$/m);
      expect(script).toMatch(/^dev_tokens$/m);
      expect(script.indexOf('\ndev_tokens\n')).toBeLessThan(script.indexOf('\nstart_services\n'));
    });
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'civic-devtokens-'));
      const step = `${read('scripts/dev/distributed/dev-tokens.sh')}\ndev_tokens`;
      writeFileSync(
        join(dir, 'step.sh'),
        [
          'set -euo pipefail',
          `DIR=${JSON.stringify(join(dir, 'd'))}; mkdir -p "$DIR"; SERVICES=(campaigns pledges matching payouts)`,
          'log() { :; }; die() { echo "DIE $*"; exit 1; }',
          'live_pid() { [ -n "${FAKE_RUNNING:-}" ]; }',
          step,
          'echo "AUTH_DEV_TOKENS=$AUTH_DEV_TOKENS AUTH_DEV_SECRET=${AUTH_DEV_SECRET:-}"',
        ].join('\n'),
      );
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const run = (env: Record<string, string> = {}) => {
      try {
        return execFileSync('bash', [join(dir, 'step.sh')], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, encoding: 'utf8' }).trim();
      } catch (e) {
        return String((e as { stdout?: string }).stdout ?? e).trim();
      }
    };

    it('leaves dev tokens off by default, with no secret', () => {
      expect(run()).toBe('AUTH_DEV_TOKENS=false AUTH_DEV_SECRET=');
    });

    it('turns them on only with DEV_TOKENS=1, with a secret random per run (0600), kept while services run', () => {
      const first = /AUTH_DEV_TOKENS=true AUTH_DEV_SECRET=([0-9a-f]{64})$/.exec(run({ DEV_TOKENS: '1' }))?.[1];
      expect(first).toBeDefined();
      expect(statSync(join(dir, 'd', 'auth-dev-secret')).mode & 0o777).toBe(0o600);
      const second = /AUTH_DEV_SECRET=([0-9a-f]{64})$/.exec(run({ DEV_TOKENS: '1' }))?.[1];
      expect(second).toBeDefined();
      expect(second).not.toBe(first); // a fresh start: a fresh secret
      expect(run({ DEV_TOKENS: '1', FAKE_RUNNING: '1' })).toBe(`AUTH_DEV_TOKENS=true AUTH_DEV_SECRET=${second}`); // reused services agree
    });

    it('refuses a short secret, an unknown DEV_TOKENS value, and switching mode under running services', () => {
      expect(run({ DEV_TOKENS: '1', AUTH_DEV_SECRET: 'short' })).toMatch(/^DIE AUTH_DEV_SECRET must be at least 32/);
      expect(run({ DEV_TOKENS: 'maybe' })).toMatch(/^DIE DEV_TOKENS must be/);
      run({ DEV_TOKENS: '1' });
      expect(run({ FAKE_RUNNING: '1' })).toMatch(/^DIE running services were started with DEV_TOKENS=1/);
    });
  });
});
