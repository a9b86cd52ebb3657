/**
 * Drives RoteraBot through botbuilder's TestAdapter with the real use cases over memory adapters:
 * typed text, Action.Submit messages and Action.Execute invokes, one turn at a time, returning what the
 * bot sent, updated and answered in that turn.
 */
import { TestAdapter, type Activity, type ResourceResponse, type TurnContext } from 'botbuilder';
import { createUseCases, defaultCoreSettings } from '../../src/app/createUseCases';
import type { UseCases } from '../../src/app/contracts';
import { DEMO_PASSWORDS, DEMO_PEOPLE, demoDirectory } from '../../src/adapters/memory/demoData';
import { ManualClock } from '../../src/adapters/memory/ManualClock';
import type { MemoryDirectory } from '../../src/adapters/memory/MemoryDirectory';
import { MemoryStore } from '../../src/adapters/memory/MemoryStore';
import { RecordingNotifier } from '../../src/adapters/memory/RecordingNotifier';
import { RecordingSmsSender } from '../../src/adapters/memory/RecordingSmsSender';
import { defaultPasswordPolicy } from '../../src/domain/passwordPolicy';
import { ConversationReferences } from '../../src/teams/proactive/conversationReferences';
import { RoteraBot } from '../../src/teams/RoteraBot';
import { captureLogs, codesIn, secretsSeen, type CapturedLogs } from './logCapture';

export interface TeamsUserSpec {
  readonly id: string;
  readonly name: string;
  readonly aadObjectId: string;
}

export const ANNA: TeamsUserSpec = { id: '29:anna', name: DEMO_PEOPLE.anna.displayName, aadObjectId: DEMO_PEOPLE.anna.aadObjectId };
export const ERIK: TeamsUserSpec = { id: '29:erik', name: DEMO_PEOPLE.erik.displayName, aadObjectId: DEMO_PEOPLE.erik.aadObjectId };
export const OUTSIDER: TeamsUserSpec = { id: '29:olle', name: 'Olle Utomstående', aadObjectId: '00000000-0000-0000-0000-00000000a099' };

/** Memory parts shared by harnesses that play "the same deployment" (a restart keeps them). */
export interface World {
  readonly clock: ManualClock;
  readonly store: MemoryStore;
  readonly directory: MemoryDirectory;
  readonly sms: RecordingSmsSender;
  readonly notifier: RecordingNotifier;
  readonly logs: CapturedLogs;
}

export function createWorld(): World {
  const clock = new ManualClock(Date.UTC(2026, 10, 25, 9, 0, 0));
  const sms = new RecordingSmsSender();
  // For the suite-wide secrets check (checkLogsAfterAll): the demo passwords and every code sent.
  secretsSeen.addAll(Object.values(DEMO_PASSWORDS));
  secretsSeen.from(() => codesIn(sms.sent.map((s) => s.body)));
  return {
    clock,
    store: new MemoryStore(clock),
    directory: demoDirectory(clock.now(), clock),
    sms,
    notifier: new RecordingNotifier(),
    logs: captureLogs(),
  };
}

/** Whatever the user types into a password or code input is a secret, right or wrong. */
function rememberTypedSecrets(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    if (typeof field === 'string' && /password|code/i.test(key)) secretsSeen.add(field);
  }
}

export interface TurnResult {
  /** Messages the bot sent this turn. */
  readonly sent: Partial<Activity>[];
  /** Messages the bot updated this turn (cards changed in place). */
  readonly updated: Partial<Activity>[];
  /** The invoke response body, for Action.Execute turns. */
  readonly invoke: { readonly statusCode: number; readonly type: string; readonly value: unknown } | null;
  /** The card the user now looks at: the invoke's card, else the last card sent. */
  readonly card: Record<string, unknown> | null;
  /** Every text of `card` (or of the invoke's message / the sent texts), joined: for `toContain`. */
  readonly text: string;
}

class RecordingTestAdapter extends TestAdapter {
  readonly updates: Partial<Activity>[] = [];

  override async updateActivity(context: TurnContext, activity: Partial<Activity>): Promise<ResourceResponse | void> {
    this.updates.push(activity);
    return super.updateActivity(context, activity);
  }
}

/** Every string a card shows (texts, titles, labels, values), depth first. */
export function textsOf(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(textsOf);
  if (typeof node !== 'object' || node === null) return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (typeof value === 'string' && ['text', 'title', 'label', 'value', 'placeholder'].includes(key)) out.push(value);
    else if (typeof value === 'object') out.push(...textsOf(value));
  }
  return out;
}

/** Card inputs of a card, by id. */
export function inputsOf(card: unknown): Array<{ id: string; style?: string; value?: string }> {
  const found: Array<{ id: string; style?: string; value?: string }> = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      const record = node as Record<string, unknown>;
      if (typeof record.type === 'string' && record.type.startsWith('Input.') && typeof record.id === 'string') {
        found.push({ id: record.id, style: record.style as string | undefined, value: record.value as string | undefined });
      }
      Object.values(record).forEach(walk);
    }
  };
  walk(card);
  return found;
}

/** Every Action.Execute of a card: title, verb and data. */
export function actionsOf(card: unknown): Array<{ title: string; verb: string; data: Record<string, string> }> {
  const found: Array<{ title: string; verb: string; data: Record<string, string> }> = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      const record = node as Record<string, unknown>;
      if (record.type === 'Action.Execute') found.push({ title: String(record.title), verb: String(record.verb), data: record.data as Record<string, string> });
      Object.values(record).forEach(walk);
    }
  };
  walk(card);
  return found;
}

const cardOf = (activity: Partial<Activity> | undefined): Record<string, unknown> | null =>
  (activity?.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content as Record<string, unknown> | undefined) ?? null;

export interface Harness {
  readonly world: World;
  readonly useCases: UseCases;
  readonly adapter: RecordingTestAdapter;
  install(): Promise<TurnResult>;
  /** The user removes the app (installationUpdate, action remove). */
  uninstall(): Promise<TurnResult>;
  say(text: string): Promise<TurnResult>;
  /** Action.Submit: a message whose value is the card's data merged with its inputs. */
  submit(value: Record<string, unknown>, replyToId?: string): Promise<TurnResult>;
  /** Action.Execute: an adaptiveCard/action invoke. `data` defaults to `{ verb }`. */
  execute(verb: unknown, data?: unknown, replyToId?: string): Promise<TurnResult>;
  /** The activity id of the last card the bot sent (to answer it with Submit/Execute). */
  lastCardId(): string;
}

export function createHarness(options: { world?: World; user?: TeamsUserSpec; locale?: string; conversationType?: string } = {}): Harness {
  const world = options.world ?? createWorld();
  const useCases = createUseCases({
    directory: world.directory,
    people: world.directory,
    sms: world.sms,
    store: world.store,
    clock: world.clock,
    notifier: world.notifier,
    logger: world.logs.logger,
    secrets: { codeKey: 'test-code-key-0123456789-0123456789', historyPepper: 'test-history-pepper-0123456789-012345' },
    settings: defaultCoreSettings,
  });
  const bot = new RoteraBot({
    deps: {
      useCases,
      store: world.store,
      clock: world.clock,
      logger: world.logs.logger,
      serviceName: 'Treserva',
      policy: defaultPasswordPolicy,
    },
    store: world.store,
    conversationReferences: new ConversationReferences(world.store),
    logger: world.logs.logger,
  });
  const adapter = new RecordingTestAdapter(async (context) => bot.run(context));
  const user = options.user ?? ANNA;
  const conversation = { id: `conv-${user.id}`, conversationType: options.conversationType ?? 'personal', tenantId: 'tenant', isGroup: options.conversationType !== undefined && options.conversationType !== 'personal' };
  let lastSentCardId = '';

  async function turn(activity: Partial<Activity>): Promise<TurnResult> {
    adapter.activeQueue.splice(0);
    const updatesBefore = adapter.updates.length;
    await adapter.processActivity({
      channelId: 'msteams',
      locale: options.locale ?? 'sv-SE',
      from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
      recipient: { id: '28:rotera', name: 'Rotera' },
      conversation,
      ...activity,
    } as Activity);
    const queue = [...adapter.activeQueue];
    const sent = queue.filter((a) => a.type === 'message');
    const invokeActivity = queue.find((a) => a.type === 'invokeResponse');
    const invoke = (invokeActivity?.value as { body?: TurnResult['invoke'] } | undefined)?.body ?? null;
    const lastSentCard = [...sent].reverse().find((a) => cardOf(a));
    if (lastSentCard?.id) lastSentCardId = lastSentCard.id;
    const invokeCard = invoke?.type === 'application/vnd.microsoft.card.adaptive' ? (invoke.value as Record<string, unknown>) : null;
    const card = invokeCard ?? cardOf(lastSentCard);
    const text = card
      ? textsOf(card).join('\n')
      : [typeof invoke?.value === 'string' ? invoke.value : '', ...sent.map((a) => a.text ?? '')].filter((t) => t !== '').join('\n');
    return { sent, updated: adapter.updates.slice(updatesBefore), invoke, card, text };
  }

  return {
    world,
    useCases,
    adapter,
    install: () =>
      turn({ type: 'conversationUpdate', membersAdded: [{ id: '28:rotera', name: 'Rotera' }, { id: user.id, name: user.name }] }),
    uninstall: () => turn({ type: 'installationUpdate', action: 'remove' }),
    say: (text) => turn({ type: 'message', text }),
    submit: (value, replyToId) => {
      rememberTypedSecrets(value);
      return turn({ type: 'message', value, replyToId: replyToId ?? lastSentCardId });
    },
    execute: (verb, data, replyToId) => {
      rememberTypedSecrets(data);
      return turn({
        type: 'invoke',
        name: 'adaptiveCard/action',
        replyToId: replyToId ?? lastSentCardId,
        value: { action: { type: 'Action.Execute', verb, data: data ?? { verb } }, trigger: 'manual' },
      });
    },
    lastCardId: () => lastSentCardId,
  };
}
