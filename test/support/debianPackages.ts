import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Makes sure the programs a test server needs are installed. As root, installs the Debian packages
 * (the way .ci/run does); otherwise fails with a message naming them. Never lets a suite skip.
 */
export function ensureDebianPackages(programs: readonly string[], packages: readonly string[], preseed: readonly string[] = []): void {
  const missing = programs.filter((program) => !existsSync(program));
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `Missing ${missing.join(', ')}. Install the Debian packages first: sudo apt-get install --no-install-recommends ${packages.join(' ')}`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const line of preseed) execFileSync('debconf-set-selections', [], { input: `${line}\n`, env, stdio: ['pipe', 'inherit', 'inherit'] });
  execFileSync('apt-get', ['update', '-q', '-o', 'DPkg::Lock::Timeout=600'], { env, stdio: 'inherit' });
  execFileSync(
    'apt-get',
    ['install', '-y', '-q', '-o', 'DPkg::Lock::Timeout=600', '--no-install-recommends', ...packages],
    { env, stdio: 'inherit' },
  );
  const still = programs.filter((program) => !existsSync(program));
  if (still.length > 0) throw new Error(`Installed ${packages.join(' ')} but ${still.join(', ')} is still missing`);
}
