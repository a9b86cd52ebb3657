import { randomUUID } from 'node:crypto';
import { ConfigurationError } from '../../domain/errors';
import { maskMobile } from '../../domain/phoneNumber';
import type { OutgoingSms, SentSms, SmsSender } from '../../ports/SmsSender';

export interface ConsoleSmsSenderOptions {
  /** The process environment (passed in, not read here): the sender refuses to exist in production. */
  readonly env: { readonly NODE_ENV?: string | undefined };
  /** Where the simulated phone shows its messages; stdout by default. */
  readonly out?: { write(text: string): unknown };
}

/**
 * The development SMS sender: the terminal plays the phone. It shows the whole message, code included,
 * because it IS the recipient's screen; it writes straight to its stream and never through the Logger,
 * so no code can end up in the structured log.
 */
export class ConsoleSmsSender implements SmsSender {
  private readonly out: { write(text: string): unknown };

  constructor(options: ConsoleSmsSenderOptions) {
    if (options.env.NODE_ENV === 'production') {
      throw new ConfigurationError('SMS_PROVIDER: the console SMS sender prints codes to the terminal and cannot run with NODE_ENV=production');
    }
    this.out = options.out ?? process.stdout;
  }

  async send(sms: OutgoingSms): Promise<SentSms> {
    const providerMessageId = `console-${randomUUID()}`;
    const rule = '─'.repeat(60);
    this.out.write(
      [
        '',
        rule,
        `📱 SIMULATED PHONE ${maskMobile(sms.to)}  (development SMS, not sent)`,
        rule,
        sms.body,
        rule,
        '',
      ].join('\n') + '\n',
    );
    return { providerMessageId };
  }
}
