// Prints what the SMS path costs on this machine: a send through the real twilio SDK (against the local
// fake, so network and Twilio's own time are excluded), the daily cap in front of it, and delivery
// reports through POST /api/sms/status (signature check, replay record, chat-card update via the Bot
// Connector fake). Not run by jest. Run: npm run bench -- twilioSms
import { CardFactory } from 'botbuilder';
import { createPinoLogger } from '../../src/adapters/logging/pinoLogger';
import { MemoryStore } from '../../src/adapters/memory/MemoryStore';
import { TwilioSmsSender } from '../../src/adapters/twilio/TwilioSmsSender';
import { smsStatusCallbackUrl } from '../../src/adapters/twilio/twilioSettings';
import { twilioSignatureCheck } from '../../src/adapters/twilio/twilioSignature';
import { DailyCapSmsSender } from '../../src/app/DailyCapSmsSender';
import { loadConfig } from '../../src/config';
import { systemClock } from '../../src/ports/Clock';
import { createAdapter } from '../../src/teams/createAdapter';
import { close, createServer, listen } from '../../src/teams/server';
import { linkSmsToCard } from '../../src/teams/smsDeliveryLinks';
import { smsStatusRoute } from '../../src/teams/smsStatusRoute';
import { startBotConnectorFake } from '../support/botConnectorFake';
import { startTwilioFake } from '../servers/twilioFake';
import { summary, timed } from './sequential';

async function main(): Promise<void> {
  const logger = createPinoLogger({ level: 'silent' });
  const twilio = await startTwilioFake();
  const connector = await startBotConnectorFake();
  const store = new MemoryStore();
  const config = loadConfig({ NODE_ENV: 'test', MicrosoftAppType: 'MultiTenant' });
  const adapter = createAdapter(config, logger);
  let callbackUrl = '';
  const route = smsStatusRoute({
    verifySignature: (signature, params) => twilioSignatureCheck(twilio.authToken, callbackUrl)(signature, params),
    store,
    clock: systemClock,
    logger,
    adapter,
    appId: '',
  });
  const server = createServer({ adapter, bot: { run: async () => undefined }, logger, routes: [route] });
  const baseUrl = await listen(server, 0, '127.0.0.1');
  callbackUrl = smsStatusCallbackUrl(baseUrl);
  const sender = new TwilioSmsSender({
    accountSid: twilio.accountSid,
    credentials: { kind: 'auth-token', authToken: twilio.authToken },
    sender: { kind: 'from', from: 'Rotera' },
    statusCallbackUrl: callbackUrl,
    logger,
    apiBaseUrl: twilio.baseUrl,
    retryDelayMs: 1,
  });
  const capped = new DailyCapSmsSender(sender, store, systemClock, logger, { cap: 1_000_000 });
  const sms = { to: '+46701234567', body: 'Rotera: koden 123456 for hemtjanstab galler i 10 minuter.' };

  console.log(`node ${process.version}, ${(await import('node:os')).cpus().length} cores`);
  summary('TwilioSmsSender.send (SDK + local fake)', await timed(300, () => sender.send(sms)));
  summary('DailyCapSmsSender.send (cap in MemoryStore + the above)', await timed(300, () => capped.send(sms)));
  twilio.failNext(...Array.from({ length: 100 }, () => ({ status: 400, code: 21211 })));
  summary('TwilioSmsSender.send refused 21211 (error mapping)', await timed(80, () => sender.send(sms).catch(() => undefined)));

  const sids = twilio.messages.map((m) => m.sid);
  summary('status report "sent" (signature, replay record, 204)', await timed(300, (i) => twilio.report(sids[(i + 400) % sids.length]!, 'sent')));
  summary('forged status report (403)', await timed(300, () => twilio.postForm(callbackUrl, { MessageSid: sids[0]!, MessageStatus: 'delivered' }, 'forged')));

  const card = CardFactory.adaptiveCard({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Ange koden' }, { type: 'Input.Text', id: 'code' }] });
  const reference = { serviceUrl: connector.serviceUrl, channelId: 'msteams', conversation: { id: 'a:bench', name: '', isGroup: false, conversationType: 'personal' }, bot: { id: '28:rotera', name: 'Rotera' }, user: { id: '29:anna', name: 'Anna' } };
  for (const [i, sid] of sids.slice(0, 300).entries()) {
    await linkSmsToCard(store, sid, { reference, activityId: `card-${i}`, locale: 'sv', accountName: 'hemtjanstab', purpose: 'reset', maskedMobile: '+46 70•••••67', card });
  }
  summary(
    '"delivered" report to card updated at the Bot Connector',
    await timed(280, async (i) => {
      const sid = sids[i < 0 ? 20 + i : i + 20]!;
      const before = connector.requests.length;
      await twilio.report(sid, 'delivered');
      await connector.waitFor((requests) => requests.length > before);
    }),
  );
  await route.settled();
  console.log(`messages accepted by the fake: ${twilio.messages.length}; card updates: ${connector.activities({ operation: 'update' }).length}`);

  await close(server);
  await connector.close();
  await twilio.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
