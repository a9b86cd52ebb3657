import { TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { loadConfig } from '../../src/config';
import { DirectoryUnavailable } from '../../src/domain/errors';
import { createAdapter } from '../../src/teams/createAdapter';
import { captureLogs } from '../support/logCapture';

describe('createAdapter', () => {
  it('builds a CloudAdapter with authentication off when MicrosoftAppId is empty', () => {
    const adapter = createAdapter(loadConfig({ NODE_ENV: 'test' }), captureLogs().logger);
    expect(typeof adapter.process).toBe('function');
  });

  it.each([
    ['sv-SE', 'Något gick fel hos mig. Försök igen om en stund.'],
    ['en-US', 'Something went wrong on my side. Please try again in a moment.'],
  ])('onTurnError logs the failure without its message and tells the user what to do (%s)', async (locale, expected) => {
    const logs = captureLogs();
    const adapter = createAdapter(loadConfig({ NODE_ENV: 'test' }), logs.logger);
    const test = new TestAdapter();
    const context = new TurnContext(test, {
      type: 'message',
      locale,
      channelId: 'msteams',
      conversation: { id: 'c' },
      from: { id: 'u' },
      recipient: { id: 'b' },
    } as Partial<Activity>);
    await adapter.onTurnError(context, new DirectoryUnavailable('ldap://secret-host refused Hemtjanst-Almby7'));
    expect(test.activeQueue.map((a) => a.text)).toEqual([expect.stringContaining(expected)]);
    expect(logs.lines.join('\n')).toContain('"DirectoryUnavailable"');
    logs.assertNoSecrets(['Hemtjanst-Almby7']);
  });
});
