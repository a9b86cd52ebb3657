// Prints what the use cases cost per call over the memory directory, with the memory and the SQLite store,
// and what the password history and the SQLite store cost on their own. Not run by jest.
// Run: npm run bench -- useCases
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { createPinoLogger } from '../../src/adapters/logging/pinoLogger';
import { MemoryStore } from '../../src/adapters/memory/MemoryStore';
import { RecordingNotifier } from '../../src/adapters/memory/RecordingNotifier';
import { RecordingSmsSender } from '../../src/adapters/memory/RecordingSmsSender';
import { generatedDataset } from '../../src/adapters/memory/demoData';
import { MemoryDirectory } from '../../src/adapters/memory/MemoryDirectory';
import { SqliteStore } from '../../src/adapters/sqlite/SqliteStore';
import type { UseCases } from '../../src/app/contracts';
import { createUseCases, defaultCoreSettings } from '../../src/app/createUseCases';
import { PasswordHistory } from '../../src/app/passwordHistory';
import type { Actor } from '../../src/domain/model';
import { systemClock } from '../../src/ports/Clock';
import type { Store } from '../../src/ports/Store';

const ACCOUNTS = 2000;
const PEOPLE = 500;

function report(label: string, samples: number[]): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  console.log(`${label.padEnd(62)} mean ${mean.toFixed(2).padStart(8)} ms  p50 ${at(0.5).toFixed(2).padStart(8)}  p95 ${at(0.95).toFixed(2).padStart(8)}  (n=${samples.length})`);
}

async function time(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

function setup(store: Store) {
  const dataset = generatedDataset(ACCOUNTS, PEOPLE, new Date());
  const directory = new MemoryDirectory(dataset);
  const sms = new RecordingSmsSender();
  const useCases = createUseCases({
    directory,
    people: directory,
    sms,
    store,
    clock: systemClock,
    notifier: new RecordingNotifier(),
    logger: createPinoLogger({ level: 'silent' }),
    secrets: { codeKey: 'bench-code-key-0123456789abcdef0123456789', historyPepper: 'bench-pepper-0123456789abcdef0123456789' },
    settings: defaultCoreSettings,
  });
  const actorFor = (i: number): Actor => {
    const person = dataset.people[i % dataset.people.length];
    if (!person) throw new Error('no person');
    return { teamsUserId: `29:bench-${i % dataset.people.length}`, person, locale: 'sv' };
  };
  const accountName = (i: number) => dataset.accounts[i]?.name ?? '';
  return { useCases, sms, actorFor, accountName };
}

async function routines(label: string, store: Store, rounds: number): Promise<void> {
  const { useCases, sms, actorFor, accountName } = setup(store);
  const reset: number[] = [];
  const check: number[] = [];
  const refusedOther: number[] = [];
  const refusedMissing: number[] = [];
  const overview: number[] = [];
  const u: UseCases = useCases;
  for (let i = 0; i < rounds; i += 1) {
    const actor = actorFor(i);
    const name = accountName(i);
    check.push(await time(() => u.checkCurrentPassword(actor, name, 'Generated-Pass7')));
    reset.push(
      await time(async () => {
        await u.startReset(actor, name);
        await u.verifyResetCode(actor, name, sms.lastCode());
        const outcome = await u.changePassword(actor, name, 'Regn-Paraply-44', 'Regn-Paraply-44');
        if (outcome.kind !== 'password-changed') throw new Error(`unexpected ${outcome.kind}`);
      }),
    );
    const stranger = actorFor(i + 7);
    refusedOther.push(await time(() => u.startReset(stranger, accountName(i + 100))));
    refusedMissing.push(await time(() => u.startReset(stranger, `saknas${i}`)));
    overview.push(await time(() => u.myAccounts(actor)));
  }
  console.log(`\n${label} (${ACCOUNTS} accounts, ${PEOPLE} people, memory directory)`);
  report('checkCurrentPassword (right password)', check);
  report('reset routine: startReset + verifyResetCode + changePassword', reset);
  report('startReset, not responsible: someone else\'s account', refusedOther);
  report('startReset, not responsible: no such account', refusedMissing);
  report('myAccounts', overview);
}

async function history(): Promise<void> {
  const store = new MemoryStore();
  const historyOf = new PasswordHistory(store, 'bench-pepper-0123456789abcdef0123456789');
  const remember: number[] = [];
  for (let i = 0; i < 24; i += 1) remember.push(await time(() => historyOf.remember('konto', `Kaffe-Kopp-${i}x`, new Date())));
  const exact: number[] = [];
  const variantsOnly: number[] = [];
  for (let i = 0; i < 10; i += 1) {
    exact.push(await time(() => historyOf.match('konto', 'Regn-Paraply-44', true)));
    variantsOnly.push(await time(() => historyOf.match('konto', 'Regn-Paraply-44', false)));
  }
  console.log('\nPassword history (scrypt N=2^14 r=8 p=1, 2 cores)');
  report('remember one password (2 hashes)', remember);
  report('check against 24 entries, exact + variant (no match: 24 hashes)', exact);
  report('check against 24 entries, variant only (24 hashes)', variantsOnly);
}

async function sqlite(dir: string): Promise<void> {
  const store = new SqliteStore(join(dir, 'raw.sqlite'));
  const puts: number[] = [];
  const gets: number[] = [];
  const conditional: number[] = [];
  for (let i = 0; i < 10_000; i += 1) puts.push(await time(() => store.put(`audit/${String(i).padStart(6, '0')}`, { i, text: 'x'.repeat(200) })));
  for (let i = 0; i < 10_000; i += 1) gets.push(await time(() => store.get(`audit/${String(i).padStart(6, '0')}`)));
  for (let i = 0; i < 2_000; i += 1) {
    conditional.push(
      await time(async () => {
        const current = await store.get<number>('counter');
        await store.put('counter', (current?.value ?? 0) + 1, current ? { ifMatch: current.eTag } : { ifNoneMatch: true });
      }),
    );
  }
  const listed = await time(async () => {
    let n = 0;
    for await (const _entry of store.list('audit/')) n += 1;
    if (n !== 10_000) throw new Error(`listed ${n}`);
  });
  console.log('\nSqliteStore (WAL, synchronous=NORMAL)');
  report('put (new key, 200-byte value)', puts);
  report('get', gets);
  report('read-modify-write with ifMatch', conditional);
  console.log(`${'list 10 000 entries by prefix'.padEnd(62)} ${listed.toFixed(1)} ms`);
  store.close();
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rotera-bench-'));
  try {
    await routines('MemoryStore', new MemoryStore(), 300);
    const sqliteStore = new SqliteStore(join(dir, 'routines.sqlite'));
    await routines('SqliteStore', sqliteStore, 300);
    sqliteStore.close();
    await history();
    await sqlite(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
