// What the Teams edge costs in-process: card rendering per screen, and routine 3 (reset) through RoteraBot on
// botbuilder's TestAdapter with the real use cases over memory adapters (no HTTP, no auth). Not run by jest.
// Run: npm run bench -- teamsEdge [--routines 50]
import { performance } from 'node:perf_hooks';
import { defaultPasswordPolicy } from '../../src/domain/passwordPolicy';
import { renderEnterCode, renderMyAccounts, renderNewPassword, renderWelcome } from '../../src/teams/cards/renderCards';
import { Verb } from '../../src/teams/cards/verbs';
import { createHarness, createWorld } from '../support/teamsHarness';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};

const letters = (n: number): string => {
  let out = '';
  let rest = n + 26 * 27;
  while (rest > 0) {
    out = String.fromCharCode(97 + (rest % 26)) + out;
    rest = Math.floor(rest / 26);
  }
  return out;
};

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  const mean = sorted.reduce((s, v) => s + v, 0) / sorted.length;
  return `n=${sorted.length} mean=${mean.toFixed(3)} ms p50=${q(0.5).toFixed(3)} p95=${q(0.95).toFixed(3)} p99=${q(0.99).toFixed(3)}`;
}

async function main(): Promise<void> {
  const routines = arg('routines', 50);
  const at = new Date();
  const account = {
    name: 'hemtjanstab', displayName: 'Hemtjänst Almby', role: 'manager' as const, managerName: 'Anna', delegates: [],
    maskedMobile: '+46 70•••••67', passwordLastSet: at, nextChangeDue: at, overdue: false, locked: false,
  };
  const renders: Record<string, () => unknown> = {
    welcome: () => renderWelcome({ locale: 'sv', name: 'Anna', accounts: [account, account] }),
    enterCode: () => renderEnterCode({ locale: 'sv', account: 'hemtjanstab', maskedMobile: '+46 70•••••67', expiresAt: at, resendAt: at }),
    newPassword: () => renderNewPassword({ locale: 'sv', account: 'hemtjanstab', verifiedUntil: at, policy: defaultPasswordPolicy }),
    myAccounts: () => renderMyAccounts({ locale: 'sv', accounts: [account, account, account] }),
  };
  for (const [name, render] of Object.entries(renders)) {
    render();
    const samples: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const t0 = performance.now();
      render();
      samples.push(performance.now() - t0);
    }
    console.log(`render ${name.padEnd(12)} ${stats(samples)}`);
  }

  const world = createWorld();
  const h = createHarness({ world });
  await h.install();
  const turns: Record<string, number[]> = { message: [], choose: [], code: [], password: [] };
  const time = async (bucket: string, run: () => Promise<unknown>) => {
    const t0 = performance.now();
    await run();
    turns[bucket]?.push(performance.now() - t0);
  };
  const started = performance.now();
  for (let i = 0; i < routines; i++) {
    world.clock.advance(25 * 60 * 60_000); // past the per-account code limits (3 per 15 min, 10 per day)
    const password = `Bench-${letters(i)}-Moln#7`; // new letters each time: a digit-only change is refused as a variant
    await time('message', () => h.say('byt lösenord'));
    await time('choose', () => h.execute(Verb.chooseAccount, { verb: Verb.chooseAccount, account: 'hemtjanstab' }));
    await time('code', () => h.execute(Verb.submitResetCode, { verb: Verb.submitResetCode, code: world.sms.lastCode() }));
    await time('password', async () => {
      const done = await h.execute(Verb.submitNewPassword, { verb: Verb.submitNewPassword, newPassword: password, repeatPassword: password });
      if (!done.text.includes('Lösenordet är bytt')) throw new Error(`routine ${i} did not change the password: ${done.text.slice(0, 300)}`);
    });
  }
  const total = performance.now() - started;
  for (const [name, samples] of Object.entries(turns)) console.log(`turn ${name.padEnd(9)} ${stats(samples)}`);
  console.log(`routine 3 x ${routines}: ${(total / routines).toFixed(2)} ms per routine (4 turns), ${((routines * 4) / (total / 1000)).toFixed(0)} turns/s on one core`);
}

void main();
