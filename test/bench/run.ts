/**
 * `npm run bench -- <name> [arguments]` runs one benchmark script of this folder; without a name it lists them.
 * Benchmarks print figures; none is run by jest, and none asserts a timing.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const BENCHMARKS: Readonly<Record<string, string>> = {
  domainRules: 'password policy, codes and sliding windows per call',
  useCases: 'the use cases over memory and SQLite stores, password history',
  teamsEdge: 'card rendering and routine 3 turns through the bot in-process',
  turns: 'N concurrent Teams users through routine 3 on the real server with auth, against an echo-bot baseline; cold start, memory',
  directory: 'password check, reset and listing 10,000 accounts against a local Samba AD DC',
  twilioSms: 'Twilio sends, daily cap, signed status reports and card updates',
  tenant: 'Azure Blob store on Azurite, Graph look-ups, authenticated turns',
  sweep: 'rotation sweep over 10,000 accounts and delivery at Teams rate limits with 10% 429s',
};

const [name, ...rest] = process.argv.slice(2);
if (name === undefined || !(name in BENCHMARKS)) {
  if (name !== undefined) console.error(`No benchmark named "${name}".`);
  console.log('npm run bench -- <name> [arguments]\n');
  for (const [bench, what] of Object.entries(BENCHMARKS)) console.log(`  ${bench.padEnd(12)} ${what}`);
  process.exit(name === undefined ? 0 : 2);
}
const result = spawnSync(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', join(__dirname, `${name}.ts`), ...rest], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
