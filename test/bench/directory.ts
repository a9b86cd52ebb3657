// Prints what the directory costs on this machine, against a real Samba AD DC on loopback (started
// here from the test template): the password check (lockout guard reads + a bind on its own
// connection), the reset (one modify of unicodePwd + lockoutTime), and listing 10,000 shared accounts
// with their due dates through the paged search. Not run by jest. Run: npm run bench -- directory
import { performance } from 'node:perf_hooks';
import { nextChangeDue } from '../../src/domain/rotation';
import { startSambaDc } from '../servers/sambaDc';
import { ACCOUNTS, PAGING_ACCOUNTS, addPagingAccounts } from '../servers/sambaSeed';
import { adAdapters } from '../support/ldapAdapters';

const CHECKS = 300;
const RESETS = 150;
const CONCURRENCY = 4;
const LISTED = 10_000;

function summary(label: string, samplesMs: number[], wallMs?: number): void {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const total = wallMs ?? samplesMs.reduce((a, b) => a + b, 0);
  console.log(
    `${label.padEnd(44)} ${((samplesMs.length / total) * 1000).toFixed(0).padStart(5)} ops/s  p50 ${at(0.5).toFixed(1).padStart(6)} ms  p95 ${at(0.95).toFixed(1).padStart(6)} ms  (n=${samplesMs.length})`,
  );
}

/** `times` runs, `width` at a time; per-run latencies and the wall time of the whole batch. */
async function timed(times: number, width: number, run: (i: number) => Promise<unknown>): Promise<{ samples: number[]; wallMs: number }> {
  for (let i = 0; i < 10; i += 1) await run(-1 - i);
  const samples: number[] = [];
  let next = 0;
  const wallStart = performance.now();
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < times) {
        const i = next++;
        const start = performance.now();
        await run(i);
        samples.push(performance.now() - start);
      }
    }),
  );
  return { samples, wallMs: performance.now() - wallStart };
}

async function main(): Promise<void> {
  let started = performance.now();
  const dc = await startSambaDc();
  console.log(`Samba AD DC copy started on ${dc.host} in ${(performance.now() - started).toFixed(0)} ms (template provisioned once, reused)`);
  const { directory, connection } = adAdapters(dc);
  try {
    for (const width of [1, CONCURRENCY]) {
      const { samples, wallMs } = await timed(CHECKS, width, async () => {
        const result = await directory.checkPassword(ACCOUNTS.hemtjanst.sam, ACCOUNTS.hemtjanst.password);
        if (result.kind !== 'valid') throw new Error(`check returned ${result.kind}`);
      });
      summary(`checkPassword (right password), ${width} at a time`, samples, wallMs);
    }
    for (const width of [1, CONCURRENCY]) {
      const accounts = width === 1 ? [ACCOUNTS.reset.sam] : [ACCOUNTS.reset.sam, ACCOUNTS.unlock.sam, ACCOUNTS.mobile.sam, ACCOUNTS.killed.sam];
      const { samples, wallMs } = await timed(RESETS, width, (i) =>
        directory.resetPassword(accounts[Math.abs(i) % accounts.length]!, `Bench!Reset-${width}-${i}-x`),
      );
      summary(`resetPassword, ${width} at a time`, samples, wallMs);
    }

    const admin = await dc.adminClient();
    started = performance.now();
    const existing = Object.keys(ACCOUNTS).length + PAGING_ACCOUNTS;
    await addPagingAccounts(admin, PAGING_ACCOUNTS + 1, LISTED - existing);
    await admin.unbind();
    console.log(`(seeded ${LISTED - existing} more accounts in ${((performance.now() - started) / 1000).toFixed(1)} s)`);

    for (const pageSize of [500, 1000]) {
      const { directory: lister, connection: listing } = adAdapters(dc, { pageSize });
      try {
        const now = new Date();
        started = performance.now();
        let count = 0;
        let overdue = 0;
        for await (const account of lister.listSharedAccounts()) {
          if (nextChangeDue(account.passwordLastSet, now, { months: 3 }) <= now) overdue += 1;
          count += 1;
        }
        const ms = performance.now() - started;
        console.log(
          `list ${count} accounts with due dates, page ${String(pageSize).padStart(4)}   ${ms.toFixed(0).padStart(5)} ms  (${((count / ms) * 1000).toFixed(0)} accounts/s, ${overdue} due now)`,
        );
      } finally {
        await listing.close();
      }
    }
  } finally {
    await connection.close();
    await dc.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
