import { ConsoleSmsSender } from '../../../src/adapters/console/ConsoleSmsSender';
import { ConfigurationError } from '../../../src/domain/errors';

describe('ConsoleSmsSender', () => {
  it('shows the message as the simulated phone, with the masked number, and returns a console id', async () => {
    const written: string[] = [];
    const sender = new ConsoleSmsSender({ env: { NODE_ENV: 'development' }, out: { write: (text: string) => written.push(text) } });
    const sent = await sender.send({ to: '+46701234567', body: '123456 är din kod' });
    const screen = written.join('');
    expect(screen).toContain('📱 SIMULATED PHONE +46 70•••••67');
    expect(screen).toContain('123456 är din kod');
    expect(screen).not.toContain('+46701234567');
    expect(sent.providerMessageId).toMatch(/^console-[0-9a-f-]{36}$/);
  });

  it('refuses to start with NODE_ENV=production', () => {
    expect(() => new ConsoleSmsSender({ env: { NODE_ENV: 'production' } })).toThrow(ConfigurationError);
  });
});
