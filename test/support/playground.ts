/**
 * `npm run dev`'s two pieces for a suite: the bot (sqlite store, console SMS sender, debug log) and the Microsoft 365
 * Agents Playground on free ports, with headless Chromium on a page, and the simulated phone (the bot's stdout) read.
 */
import { copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { launchChromium, type Chromium } from './chromium';
import { freePort, getText, spawnCaptured, waitUntil, type Spawned } from './childProcess';
import { captureOutput, secretsSeen } from './logCapture';

const ROOT = resolve(__dirname, '../..');
const SMS_MARK = 'SIMULATED PHONE';

export interface Playground {
  readonly bot: Spawned;
  readonly page: Page;
  /** Messages on the simulated phone so far. */
  smsCount(): number;
  /** Once more than `before` messages are on the phone: the code in the newest. */
  nextCode(before: number): Promise<string>;
  /** Opens the personal chat; `newest()` is the card the bot sent last. */
  openChat(): Promise<{ cards: Locator; newest: () => Locator }>;
  stop(): Promise<void>;
}

const messagesOnPhone = (bot: Spawned) => bot.stdout().split(SMS_MARK).slice(1);
const codeIn = (sms: string) => /^(\d{6}) /m.exec(sms)?.[1];

/**
 * Starts both and the browser. `botEnv` adds the directory's settings; the Playground runs in `playgroundDir`
 * (it reads its users from .m365agentsplayground.yml there and writes devTools/ there).
 * The bot's log counts for the suite's secrets check, and every code it sent is a secret.
 */
export async function startPlayground(options: { dataDir: string; playgroundDir: string; botEnv: NodeJS.ProcessEnv }): Promise<Playground> {
  copyFileSync(join(ROOT, '.m365agentsplayground.yml'), join(options.playgroundDir, '.m365agentsplayground.yml'));
  const botPort = await freePort();
  const playgroundPort = await freePort();
  const botUrl = `http://127.0.0.1:${botPort}`;
  const playgroundUrl = `http://127.0.0.1:${playgroundPort}`;
  const started: { stop(): Promise<void> }[] = [];
  const stop = async () => {
    for (const part of started.reverse()) await part.stop();
  };
  try {
    const bot = spawnCaptured('bot', process.execPath, ['--import', 'tsx', 'src/index.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        PORT: String(botPort),
        PUBLIC_BASE_URL: botUrl,
        DATA_DIR: options.dataDir,
        STORAGE: 'sqlite',
        SMS_PROVIDER: 'console',
        SWEEP_ENABLED: 'false',
        LOG_LEVEL: 'debug',
        MicrosoftAppId: '',
        ...options.botEnv,
      },
    });
    started.push(bot);
    captureOutput(() => bot.stdout());
    secretsSeen.from(() => messagesOnPhone(bot).flatMap((sms) => codeIn(sms) ?? []));
    await waitUntil('the bot answers HTTP', () => getText(botUrl), 60_000, () => bot.output());

    const playground = spawnCaptured(
      'Agents Playground',
      process.execPath,
      [
        join(ROOT, 'node_modules/@microsoft/m365agentsplayground/cli.js'),
        '--app-endpoint', `${botUrl}/api/messages`,
        '--channel-id', 'msteams',
        '--port', String(playgroundPort),
        '--disable-telemetry',
      ],
      {
        cwd: options.playgroundDir,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, TEAMSAPPTESTER_BROWSER: 'none', APPLICATION_INSIGHTS_NO_STATSBEAT: 'true' },
      },
    );
    started.push(playground);
    await waitUntil(
      'the Playground answers /_debug/ping',
      async () => ((await getText(`${playgroundUrl}/_debug/ping`))?.body.includes('pong') ? true : undefined),
      60_000,
      () => playground.output(),
    );

    const browser: Chromium = await launchChromium({ width: 1280, height: 900 });
    started.push({ stop: () => browser.close() });
    const page = await browser.context.newPage();
    const smsCount = () => messagesOnPhone(bot).length;
    return {
      bot,
      page,
      smsCount,
      nextCode: (before) =>
        waitUntil('an SMS on the simulated phone', () => (smsCount() > before ? codeIn(messagesOnPhone(bot).pop() ?? '') : undefined), 20_000, () => bot.output()),
      openChat: async () => {
        await page.goto(playgroundUrl);
        await page.locator('[role=treeitem][aria-label="Personal Chat"]').click();
        const cards = page.locator('.fai-OutputCard');
        return { cards, newest: () => cards.last() };
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
