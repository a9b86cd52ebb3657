import { createPinoLogger } from '../../../src/adapters/logging/pinoLogger';

function capture(mixin?: () => Record<string, unknown>) {
  const lines: string[] = [];
  const logger = createPinoLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(line) }, ...(mixin ? { mixin } : {}) });
  return { logger, lines };
}

describe('pino logger', () => {
  it('writes one JSON object per line with the message and the fields', () => {
    const { logger, lines } = capture();
    logger.child({ component: 'test' }).info({ account: 'hemtjanstab' }, 'reset done');
    const line = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(line).toMatchObject({ app: 'rotera', component: 'test', account: 'hemtjanstab', msg: 'reset done', level: 30 });
  });

  it('redacts secret-bearing fields logged by mistake, as a second line of defence', () => {
    const { logger, lines } = capture();
    logger.warn(
      {
        password: 'Hemligt-1',
        token: 'eyJhbGciOi.secret',
        card: { newPassword: 'Nytt-Hemligt-2', code: '123456' },
        req: { headers: { authorization: 'Bearer eyJhbGciOi.secret' } },
        activity: { text: 'Hemligt-3', value: { currentPassword: 'Hemligt-4' } },
      },
      'oops',
    );
    const text = lines.join('\n');
    for (const secret of ['Hemligt-1', 'eyJhbGciOi.secret', 'Nytt-Hemligt-2', '123456', 'Hemligt-3', 'Hemligt-4']) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });

  it('adds the mixin fields (request and activity ids) to every line', () => {
    const { logger, lines } = capture(() => ({ requestId: 'r-1', activityId: 'a-1' }));
    logger.child({ component: 'bot' }).debug({}, 'turn');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ requestId: 'r-1', activityId: 'a-1', component: 'bot' });
  });
});
