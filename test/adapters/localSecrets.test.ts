import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateDevSecrets } from '../../src/adapters/localSecrets';
import { ConfigurationError } from '../../src/domain/errors';

describe('loadOrCreateDevSecrets', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rotera-secrets-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates random secrets once, readable only by the owner, and reads the same ones back', () => {
    const dataDir = join(dir, 'data');
    const first = loadOrCreateDevSecrets(dataDir, {});
    expect(first.codeKey.length).toBeGreaterThanOrEqual(32);
    expect(first.historyPepper).not.toBe(first.codeKey);
    expect(statSync(join(dataDir, 'dev-secrets.json')).mode & 0o777).toBe(0o600);
    expect(loadOrCreateDevSecrets(dataDir, {})).toEqual(first);
  });

  it('uses the configured secrets and writes no file when both are given', () => {
    const given = { codeKey: 'c'.repeat(32), historyPepper: 'p'.repeat(32) };
    expect(loadOrCreateDevSecrets(dir, given)).toEqual(given);
    expect(() => statSync(join(dir, 'dev-secrets.json'))).toThrow();
  });

  it('prefers a configured key over the stored one', () => {
    const stored = loadOrCreateDevSecrets(dir, {});
    const mixed = loadOrCreateDevSecrets(dir, { codeKey: 'k'.repeat(40) });
    expect(mixed).toEqual({ codeKey: 'k'.repeat(40), historyPepper: stored.historyPepper });
    expect(JSON.parse(readFileSync(join(dir, 'dev-secrets.json'), 'utf8'))).toEqual(stored);
  });

  it('refuses a damaged secrets file, naming it', () => {
    writeFileSync(join(dir, 'dev-secrets.json'), '{"codeKey":"short"}');
    expect(() => loadOrCreateDevSecrets(dir, {})).toThrow(ConfigurationError);
  });
});
