/**
 * `npm run sweep`: one rotation sweep now, with the bot's own settings and store, and a summary for
 * whoever runs it. `--anytime` sends even on a weekend or at night; `--report` only prints the last
 * sweep's admin summary (unreachable people, what Teams did not take). Exit code 1 on a setting error.
 */
import { lastSweepSummary, type SweepSummary } from './app/sendRotationNudges';
import { loadConfig, type Config } from './config';
import { ConfigurationError } from './domain/errors';
import { createPinoLogger } from './adapters/logging/pinoLogger';
import { createDirectory as createLdapDirectories, type LdapDirectories } from './adapters/ldap/createDirectory';
import { systemClock } from './ports/Clock';
import { createDirectory, createGraphPeople, createStore, isPeopleDirectory } from './index';
import { createAdapter } from './teams/createAdapter';
import { renderNotice } from './teams/cards/renderNotice';
import { createProactive, nudgeOptionsFrom, RotationSweep, sweepLockFrom } from './teams/proactive/rotationSweep';

const USAGE = 'usage: npm run sweep [-- --anytime | --report]';

function print(summary: SweepSummary, config: Config): void {
  const zone = config.settings.SWEEP_TIMEZONE;
  const when = new Intl.DateTimeFormat('sv-SE', { timeZone: zone, dateStyle: 'short', timeStyle: 'short' }).format(new Date(summary.startedAt));
  console.log(`Rotation sweep ${when} (${zone})`);
  if (summary.quiet) {
    console.log(`  Weekend or night in ${zone}: no reminders now. "npm run sweep -- --anytime" sends anyway.`);
    return;
  }
  if (summary.skippedLocked) {
    console.log('  Another instance is sweeping right now: nothing done here.');
    return;
  }
  console.log(`  accounts read: ${summary.accounts}`);
  console.log(`  nudges sent: ${summary.delivered}, sent earlier: ${summary.alreadySent}, snoozed: ${summary.snoozed}`);
  if (summary.failed.length > 0) {
    console.log(`  not delivered, tried again next sweep: ${summary.failed.length}`);
    for (const f of summary.failed) console.log(`    ${f.account} ${f.stage} -> ${f.recipientDn}: ${f.detail}`);
  }
  if (summary.unreachable.length > 0) {
    console.log(`  unreachable (never opened Rotera, and no proactive install): ${summary.unreachable.length}`);
    for (const u of summary.unreachable) console.log(`    ${u.displayName ?? '?'} (${u.personDn}): ${u.accounts.join(', ')}`);
  }
  if (summary.withoutRecipient.length > 0) console.log(`  accounts with nobody to nudge (no manager in the directory): ${summary.withoutRecipient.join(', ')}`);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== '--anytime' && a !== '--report');
  if (unknown.length > 0) {
    console.error(`unknown option ${unknown.join(' ')}\n${USAGE}`);
    return 2;
  }
  const dotenv = await import('dotenv');
  dotenv.config({ quiet: true });
  const config = loadConfig(process.env);
  const s = config.settings;
  const logger = createPinoLogger({ level: s.LOG_LEVEL });
  const clock = systemClock;
  const store = createStore(config, clock);
  let ldap: LdapDirectories | null = null;
  try {
    if (args.includes('--report')) {
      const last = await lastSweepSummary(store);
      if (!last) console.log('No sweep has run yet with this store.');
      else print(last, config);
      return 0;
    }
    // DIRECTORY=ad|openldap: the LDAP adapters, as startRotera builds them (closed below).
    ldap = s.DIRECTORY !== 'memory' ? createLdapDirectories(config, logger) : null;
    const directory = ldap?.directory ?? createDirectory(config, clock);
    // The same choice startRotera makes: PEOPLE=graph, else the LDAP or memory directory itself.
    const people = s.PEOPLE === 'graph' ? createGraphPeople(config, logger) : (ldap?.people ?? (isPeopleDirectory(directory) ? directory : undefined));
    if (!people) throw new ConfigurationError('PEOPLE: no people directory for this directory');
    const adapter = createAdapter(config, logger);
    const { notifier } = createProactive(config, { adapter, store, people, logger, renderNotice });
    const lock = sweepLockFrom(config, logger);
    try {
      const sweep = new RotationSweep({ deps: { directory, people, store, clock, sender: notifier, logger }, lock, nudges: nudgeOptionsFrom(config) });
      print(await sweep.runOnce({ anytime: args.includes('--anytime') }), config);
    } finally {
      lock.close?.();
    }
    return 0;
  } finally {
    await ldap?.close();
    store.close?.();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigurationError) {
      console.error(error.message);
      process.exit(1);
    }
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : 'sweep failed');
    process.exit(1);
  },
);
