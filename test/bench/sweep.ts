// Prints what the rotation sweep costs: deciding the stages of 10,000 accounts (2,000 responsible people),
// the whole sweep with its ledger but an instant sender, and real delivery through botbuilder's CloudAdapter
// to a local Bot Connector stub (own process) that answers a random 10% of requests 429 (Retry-After: 1), as messages per second
// against Teams' 50 per second, with the busiest one-second window and the nudges lost (must be 0).
// Not run by jest. Run: npm run bench -- sweep [accounts] [people]
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { createPinoLogger } from '../../src/adapters/logging/pinoLogger';
import { ManualClock } from '../../src/adapters/memory/ManualClock';
import { MemoryStore } from '../../src/adapters/memory/MemoryStore';
import { generatedDirectory } from '../../src/adapters/memory/demoData';
import { NudgeLedger } from '../../src/app/nudgeLedger';
import { sendRotationNudges, type RotationNudgeSettings } from '../../src/app/sendRotationNudges';
import { defaultNudgeOptions, planNudges, responsiblePeople } from '../../src/domain/rotationNudges';
import type { NudgeSender } from '../../src/ports/NudgeSender';
import { ConversationReferences } from '../../src/teams/proactive/conversationReferences';
import { ProactiveSender } from '../../src/teams/proactive/ProactiveSender';
import { ProactiveRateLimiter, type Grant } from '../../src/teams/proactive/rateLimiter';
import { TeamsNotifier } from '../../src/teams/proactive/TeamsNotifier';

const ACCOUNTS = Number(process.argv[2] ?? 10_000);
const PEOPLE = Number(process.argv[3] ?? 2_000);
const TEAMS_LIMIT_PER_SECOND = 50;
/** Wednesday 25 November 2026, 08:30 in Stockholm: a working-day morning. */
const NOW = new Date('2026-11-25T07:30:00Z');
const logger = createPinoLogger({ level: 'silent' });

const settings = (instanceId: string, concurrency: number): RotationNudgeSettings => ({ nudges: defaultNudgeOptions, instanceId, concurrency, ignoreQuietHours: false });

/** Records when each HTTP attempt was let through. */
class RecordingLimiter extends ProactiveRateLimiter {
  readonly times: number[] = [];
  override async acquire(conversationId: string): Promise<Grant> {
    const grant = await super.acquire(conversationId);
    this.times.push(grant.at);
    return grant;
  }
}

interface StubReport {
  readonly requests: ReadonlyArray<{ readonly at: number; readonly status: number }>;
  readonly delivered: number;
}

/** The connector stub in a child process (see connectorStubProcess.ts). */
async function startStubProcess(): Promise<{ url: string; report(): Promise<StubReport> }> {
  const child = fork(join(__dirname, 'connectorStubProcess.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve) => child.once('message', (m) => resolve((m as { url: string }).url)));
  return {
    url,
    report: () =>
      new Promise<StubReport>((resolve) => {
        child.once('message', (m) => resolve(m as StubReport));
        child.send('report');
      }),
  };
}

/** The most events in any window of one second. */
function busiestSecond(at: readonly number[]): number {
  const times = [...at].sort((a, b) => a - b);
  let busiest = 0;
  for (let lo = 0, hi = 0; hi < times.length; hi += 1) {
    while ((times[hi] ?? 0) - (times[lo] ?? 0) >= 1000) lo += 1;
    busiest = Math.max(busiest, hi - lo + 1);
  }
  return busiest;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function decideStages(): Promise<void> {
  const clock = new ManualClock(NOW);
  const directory = generatedDirectory(ACCOUNTS, PEOPLE, NOW, clock);
  const runs: number[] = [];
  const stages = new Map<string, number>();
  for (let run = 0; run < 5; run += 1) {
    stages.clear();
    const start = performance.now();
    for await (const account of directory.listSharedAccounts()) {
      for (const planned of planNudges(account, NOW)) {
        const group = planned.stage.replace(/-\d+$/, '-n');
        stages.set(group, (stages.get(group) ?? 0) + 1);
      }
    }
    runs.push(performance.now() - start);
  }
  const ms = median(runs);
  console.log(`decide stages: ${ACCOUNTS} accounts in ${ms.toFixed(1)} ms (median of 5), ${Math.round((ACCOUNTS / ms) * 1000).toLocaleString('en')} accounts/s`);
  console.log(`  planned per stage: ${[...stages].sort().map(([k, v]) => `${k} ${v}`).join(', ')}`);
}

async function sweepWithInstantSender(): Promise<void> {
  const clock = new ManualClock(NOW);
  const directory = generatedDirectory(ACCOUNTS, PEOPLE, NOW, clock);
  const store = new MemoryStore(clock);
  const instant: NudgeSender = { sendNudge: async () => ({ kind: 'delivered' }) };
  const start = performance.now();
  const summary = await sendRotationNudges({ directory, people: directory, store, clock, sender: instant, logger }, settings('bench', 32));
  const ms = performance.now() - start;
  console.log(`sweep, instant sender (ledger in memory): ${summary.delivered} nudges for ${summary.accounts} accounts in ${ms.toFixed(0)} ms`);
  const again = performance.now();
  const second = await sendRotationNudges({ directory, people: directory, store, clock, sender: instant, logger }, settings('bench', 32));
  console.log(`second sweep the same day: ${second.delivered} sent, ${second.alreadySent} already sent, in ${(performance.now() - again).toFixed(0)} ms`);
}

async function deliverThroughConnector(): Promise<void> {
  const stub = await startStubProcess();
  const serviceUrl = stub.url;
  const clock = new ManualClock(NOW);
  const directory = generatedDirectory(ACCOUNTS, PEOPLE, NOW, clock);
  const store = new MemoryStore(clock);
  const references = new ConversationReferences(store);
  const people = new Set<string>();
  /** What the rules want sent, counted independently of the sweep: each responsible person once per planned nudge. */
  let expected = 0;
  for await (const account of directory.listSharedAccounts()) {
    const responsible = responsiblePeople(account);
    for (const dn of responsible) people.add(dn);
    expected += planNudges(account, NOW).filter((p) => p.audience === 'responsible').length * responsible.length;
  }
  let i = 0;
  for (const dn of people) {
    i += 1;
    await references.remember({
      personDn: dn,
      teamsUserId: `29:person-${i}`,
      aadObjectId: null,
      reference: { channelId: 'msteams', serviceUrl, conversation: { id: `a:chat-${i}`, conversationType: 'personal', isGroup: false, name: '' }, bot: { id: '28:rotera', name: 'Rotera' }, user: { id: `29:person-${i}`, name: dn } },
      locale: 'sv',
    });
  }
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppType: 'MultiTenant' }));
  const limiter = new RecordingLimiter();
  const notifier = new TeamsNotifier({ references, sender: new ProactiveSender({ adapter, appId: '', logger, limiter }), logger });

  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const start = performance.now();
  const summary = await sendRotationNudges({ directory, people: directory, store, clock, sender: notifier, logger }, settings('bench', 64));
  const seconds = (performance.now() - start) / 1000;
  lag.disable();
  console.log(`  (grants ${limiter.times.length}, event loop delay p50 ${(lag.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(lag.percentile(99) / 1e6).toFixed(1)} ms, max ${(lag.max / 1e6).toFixed(1)} ms)`);
  const report = await stub.report();

  const requests = report.requests.length;
  const throttled = report.requests.filter((r) => r.status === 429).length;
  const delivered = report.delivered;
  const busiestAtStub = busiestSecond(report.requests.map((r) => r.at));
  const busiestSent = busiestSecond(limiter.times);
  let ledgerDelivered = 0;
  let ledgerOpen = 0;
  for await (const entry of new NudgeLedger(store, clock, { instanceId: 'x' }).entries()) {
    if (entry.state === 'delivered') ledgerDelivered += 1;
    else ledgerOpen += 1;
  }
  const messagesPerSecond = delivered / seconds;
  console.log(`delivery through CloudAdapter to the connector stub, 10% answered 429 (Retry-After 1 s):`);
  console.log(`  ${delivered} nudges to ${people.size} people in ${seconds.toFixed(1)} s: ${messagesPerSecond.toFixed(1)} messages/s = ${(messagesPerSecond / TEAMS_LIMIT_PER_SECOND).toFixed(2)} of the ${TEAMS_LIMIT_PER_SECOND}/s limit`);
  console.log(`  HTTP requests ${requests} (${throttled} answered 429): ${(requests / seconds).toFixed(1)} requests/s`);
  console.log(`  busiest 1-s window: ${busiestSent} requests let through by the limiter, ${busiestAtStub} as the stub (own process) saw them arrive`);
  console.log(`  ledger: ${ledgerDelivered} delivered, ${ledgerOpen} open (failed/unreachable); sweep summary delivered ${summary.delivered}, failed ${summary.failed.length}`);
  for (const failure of summary.failed) console.log(`  not delivered (open in the ledger for the next sweep): ${failure.account} ${failure.stage}: ${failure.detail}`);
  console.log(`  planned ${expected}: delivered ${ledgerDelivered}, open in the ledger for the next sweep ${ledgerOpen}, lost (neither) ${expected - ledgerDelivered - ledgerOpen}, duplicates ${delivered - ledgerDelivered}`);
}

async function main(): Promise<void> {
  console.log(`rotation sweep benchmark: ${ACCOUNTS} accounts, ${PEOPLE} people, node ${process.version}`);
  await decideStages();
  await sweepWithInstantSender();
  await deliverThroughConnector();
}

void main();
