import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type TurnContext,
} from 'botbuilder';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import type { Config } from '../config';
import type { Logger } from '../ports/Logger';
import { localeFrom } from '../i18n/catalogue';
import { cardTexts } from '../i18n/cards';
import { botFrameworkAuthSettings, StrictBotFrameworkAuthentication } from './botAuthentication';

export interface AdapterOptions {
  /** Outbound token factory; by default botbuilder's own, from the settings (password, certificate or managed identity). */
  readonly credentialsFactory?: ServiceClientCredentialsFactory;
}

/** The Bot Framework adapter, authenticated as the configuration says (off when MicrosoftAppId is empty). */
export function createAdapter(config: Config, logger: Logger, options: AdapterOptions = {}): CloudAdapter {
  const settings = botFrameworkAuthSettings(config);
  // Authentication off (local development): botbuilder accepts an empty app id only as MultiTenant.
  if (!settings.MicrosoftAppId) settings.MicrosoftAppType = 'MultiTenant';
  const auth = new StrictBotFrameworkAuthentication(new ConfigurationBotFrameworkAuthentication(settings, options.credentialsFactory));
  const adapter = new CloudAdapter(auth);
  const log = logger.child({ component: 'adapter' });
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // SDK errors may echo a request (and so a password): log the error's name and frames, never its message.
    log.error(
      {
        err: { name: error.name, stack: stackFrames(error) },
        activityType: context.activity.type,
        conversationType: context.activity.conversation?.conversationType,
      },
      'turn failed',
    );
    const texts = cardTexts[localeFrom(context.activity.locale)];
    try {
      if (context.activity.type === 'invoke') {
        await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: texts.errors.unexpected } } });
      } else {
        await context.sendActivity(texts.errors.unexpected);
      }
    } catch (sendError) {
      log.warn({ err: { name: sendError instanceof Error ? sendError.name : 'unknown' } }, 'could not tell the user about the failure');
    }
  };
  return adapter;
}

/** The call frames of a stack, without its first line (which repeats the message). */
function stackFrames(error: Error): string | undefined {
  return error.stack
    ?.split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 8)
    .join('\n');
}
