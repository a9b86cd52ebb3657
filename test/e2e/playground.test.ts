/**
 * End to end in a Teams client: `npm run dev`'s two pieces (the bot on the memory demo directory with the console
 * SMS sender, and the Microsoft 365 Agents Playground) on free ports, driven in headless Chromium through routine 3:
 * the demo manager resets hemtjanstab's password with the code the simulated phone (the bot's stdout) shows.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { DEMO_PASSWORDS } from '../../src/adapters/memory/demoData';
import { cardTexts } from '../../src/i18n/cards';
import { launchChromium, type Chromium } from '../support/chromium';
import { freePort, getText, spawnCaptured, waitUntil, type Spawned } from '../support/childProcess';
import { captureOutput, checkLogsAfterAll, secretsSeen } from '../support/logCapture';

jest.setTimeout(180_000);

const ROOT = resolve(__dirname, '../..');
const SHOTS = join(ROOT, 'test-output', 'e2e');
const ACCOUNT = 'hemtjanstab';
const ACCOUNT_LABEL = 'hemtjanstab – Hemtjänst Almby';
// Policy-compliant: 20 ASCII characters, four kinds, no names, no blocked words.
const NEW_PASSWORD = 'Rosenkvist-Pendel+83';
const sv = cardTexts.sv;
// The Playground sends every message and card action with locale en-US; only its installation event has none.
const en = cardTexts.en;
const SMS_MARK = 'SIMULATED PHONE';

// Issues 2 and 5: no password and no code from the simulated phone may appear in a log line of the bot.
checkLogsAfterAll(NEW_PASSWORD, ...Object.values(DEMO_PASSWORDS));

const smsCount = (bot: Spawned) => bot.stdout().split(SMS_MARK).length - 1;

/** The six-digit code of the newest message on the simulated phone. */
function latestCode(bot: Spawned): string | undefined {
  const latest = bot.stdout().split(SMS_MARK).slice(1).pop();
  return latest ? /^(\d{6}) /m.exec(latest)?.[1] : undefined;
}

describe('routine 3 (reset) in the Microsoft 365 Agents Playground', () => {
  let dataDir: string;
  let playgroundDir: string;
  let bot: Spawned | undefined;
  let playground: Spawned | undefined;
  let browser: Chromium | undefined;
  let page: Page;
  let playgroundUrl: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rotera-e2e-data-'));
    // The Playground reads its users from .m365agentsplayground.yml in its working folder and writes devTools/ there.
    playgroundDir = mkdtempSync(join(tmpdir(), 'rotera-e2e-playground-'));
    copyFileSync(join(ROOT, '.m365agentsplayground.yml'), join(playgroundDir, '.m365agentsplayground.yml'));
    const botPort = await freePort();
    const playgroundPort = await freePort();
    const botUrl = `http://127.0.0.1:${botPort}`;
    playgroundUrl = `http://127.0.0.1:${playgroundPort}`;

    bot = spawnCaptured('bot', process.execPath, ['--import', 'tsx', 'src/index.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        PORT: String(botPort),
        PUBLIC_BASE_URL: botUrl,
        DATA_DIR: dataDir,
        STORAGE: 'sqlite',
        DIRECTORY: 'memory',
        SMS_PROVIDER: 'console',
        SWEEP_ENABLED: 'false',
        LOG_LEVEL: 'debug',
        MicrosoftAppId: '',
      },
    });
    const botSpawned = bot;
    captureOutput(() => botSpawned.stdout());
    secretsSeen.from(() => botSpawned.stdout().split(SMS_MARK).slice(1).flatMap((sms) => /^(\d{6}) /m.exec(sms)?.[1] ?? []));
    await waitUntil('the bot answers HTTP', () => getText(botUrl), 60_000, () => botSpawned.output());

    playground = spawnCaptured(
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
        cwd: playgroundDir,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, TEAMSAPPTESTER_BROWSER: 'none', APPLICATION_INSIGHTS_NO_STATSBEAT: 'true' },
      },
    );
    const playgroundSpawned = playground;
    await waitUntil(
      'the Playground answers /_debug/ping',
      async () => ((await getText(`${playgroundUrl}/_debug/ping`))?.body.includes('pong') ? true : undefined),
      60_000,
      () => playgroundSpawned.output(),
    );

    browser = await launchChromium({ width: 1280, height: 900 });
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await playground?.stop();
    await bot?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(playgroundDir, { recursive: true, force: true });
  });

  it('resets the password with the code from the SMS and shows the "password changed" card', async () => {
    if (!bot) throw new Error('bot not started');
    const running = bot;
    await page.goto(playgroundUrl);
    await page.locator('[role=treeitem][aria-label="Personal Chat"]').click();
    const cards = page.locator('.fai-OutputCard');
    const newest = (): Locator => cards.last();

    // The welcome card comes with the installation; its language follows that event's (absent) locale.
    const reset = cards.locator(`button[aria-label="${sv.welcome.reset}"], button[aria-label="${en.welcome.reset}"]`).first();
    await reset.click();

    await newest().getByText(en.chooseAccount.title('reset')).waitFor();
    const sentBefore = smsCount(running);
    await newest().getByText(ACCOUNT_LABEL, { exact: true }).click();

    await newest().getByText(en.resetCode.title(ACCOUNT)).waitFor();
    const code = await waitUntil('an SMS on the simulated phone', () => (smsCount(running) > sentBefore ? latestCode(running) : undefined), 20_000, () => running.output());
    await newest().getByLabel(en.code.label).fill(code);
    await newest().locator(`button[aria-label="${en.resetCode.submit}"]`).click();

    await newest().getByText(en.newPassword.title(ACCOUNT)).waitFor();
    await expect(newest().getByLabel(en.newPassword.label, { exact: true }).getAttribute('type')).resolves.toBe('password');
    await newest().getByLabel(en.newPassword.label, { exact: true }).fill(NEW_PASSWORD);
    await newest().getByLabel(en.newPassword.repeatLabel, { exact: true }).fill(NEW_PASSWORD);
    await newest().locator(`button[aria-label="${en.newPassword.submit}"]`).click();

    await newest().getByText(en.passwordChanged.title, { exact: true }).waitFor();
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'playground-password-changed.png') });
    const finalCard = await newest().innerText();
    expect(finalCard).toContain(en.passwordChanged.text(ACCOUNT));
    expect(finalCard).toContain(en.passwordChanged.testLogin('Treserva'));
    expect(finalCard).not.toContain(NEW_PASSWORD);
    // The new password went to the directory only: never to the bot's log or its simulated phone.
    expect(running.output()).not.toContain(NEW_PASSWORD);
  });
});
