// Prints how long the pure domain rules take per call, typical and worst case. Not run by jest.
// Run: npm run bench -- domainRules
import { performance } from 'perf_hooks';
import { checkNewPassword } from '../../src/domain/passwordPolicy';
import { passwordSkeleton } from '../../src/domain/passwordSkeleton';
import { checkCode, issueCode } from '../../src/domain/securityCode';
import { CODE_SEND_LIMITS, decide } from '../../src/domain/slidingWindow';

function measure(label: string, iterations: number, run: (i: number) => unknown): void {
  for (let i = 0; i < Math.min(1000, iterations); i += 1) run(i);
  const start = performance.now();
  for (let i = 0; i < iterations; i += 1) run(i);
  const perCallUs = ((performance.now() - start) * 1000) / iterations;
  console.log(`${label.padEnd(58)} ${perCallUs.toFixed(1).padStart(9)} µs/call  (${iterations} calls)`);
}

const context = { accountName: 'hemtjanstab', displayName: 'Hemtjänst Almby' };
const key = 'bench-hmac-key-0123456789abcdef0123456789';
const binding = { accountName: 'hemtjanstab', teamsUserId: '29:anna', purpose: 'reset' as const };
const now = new Date('2026-05-10T10:00:00Z');
const { record } = issueCode(key, binding, '+46701234567', now);
const dayOfEvents = Array.from({ length: 1000 }, (_, i) => now.getTime() - i * 60_000);

measure('checkNewPassword, typical 12 chars (accepted)', 20_000, () => checkNewPassword('Kaffe-Kopp-9', context));
measure('checkNewPassword, typical 11 chars (Sommar2026!, refused)', 20_000, () => checkNewPassword('Sommar2026!', context));
measure('checkNewPassword, 128 letters and specials', 2_000, () => checkNewPassword('Tv8#kalas-'.repeat(13).slice(0, 128), context));
measure('checkNewPassword, worst case: 128 digits/specials', 2_000, () => checkNewPassword('9#'.repeat(64), context));
measure('checkNewPassword, hostile 10 000 characters', 50, () => checkNewPassword('9#'.repeat(5000), context));
measure('passwordSkeleton, 11 chars', 50_000, () => passwordSkeleton('Sommar2026!'));
measure('issueCode (randomInt + HMAC-SHA256)', 20_000, () => issueCode(key, binding, '+46701234567', now));
measure('checkCode (HMAC-SHA256 + timingSafeEqual)', 20_000, (i) => checkCode(key, record, binding, String(i % 1_000_000).padStart(6, '0'), now));
measure('decide, send limits over 1000 stored events', 5_000, () => decide(dayOfEvents, now.getTime(), CODE_SEND_LIMITS));
