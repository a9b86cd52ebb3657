import { ResponseType, type Client } from '@microsoft/microsoft-graph-client';
import type { Logger } from '../../ports/Logger';

/** The activity types appPackage/manifest.json declares, with the template parameters each one's text uses. */
export interface ActivityFeedItems {
  /** "Dags att byta lösenord för {accountName}" */
  readonly passwordRotationDue: { readonly accountName: string };
  /** "{actor} ändrade {accountName}" */
  readonly sharedAccountChanged: { readonly actor: string; readonly accountName: string };
}

export type ActivityFeedType = keyof ActivityFeedItems;

/** The same at run time, so a test can hold the manifest's templates to it. */
export const ACTIVITY_FEED_PARAMETERS: { readonly [T in ActivityFeedType]: ReadonlyArray<keyof ActivityFeedItems[T]> } = {
  passwordRotationDue: ['accountName'],
  sharedAccountChanged: ['actor', 'accountName'],
};

export interface TeamsActivityFeedOptions {
  /** A Graph client whose app-only token carries TeamsActivity.Send. */
  readonly client: Client;
  /** The bot's Microsoft App ID: the notification opens the chat with the bot. */
  readonly botAppId: string;
  readonly logger: Logger;
}

/**
 * Teams activity-feed notifications (the bell, and an OS notification on desktop and phone), for people
 * who should notice a rotation reminder even when they do not look at the chat. Never carries a secret:
 * only an account name and a person's display name.
 */
export class TeamsActivityFeed {
  private readonly log: Logger;

  constructor(private readonly options: TeamsActivityFeedOptions) {
    this.log = options.logger.child({ component: 'activity-feed' });
  }

  /** Returns false (and logs why) when Graph refused or could not be reached; a feed item is a nicety. */
  async notify<T extends ActivityFeedType>(aadObjectId: string, activityType: T, parameters: ActivityFeedItems[T], previewText: string): Promise<boolean> {
    const body = {
      topic: {
        source: 'text',
        value: 'Rotera',
        // Opens the 1:1 chat with the bot, where the reminder card waits.
        webUrl: `https://teams.microsoft.com/l/chat/0/0?users=28:${encodeURIComponent(this.options.botAppId)}`,
      },
      activityType,
      previewText: { content: previewText.slice(0, 150) },
      templateParameters: Object.entries(parameters).map(([name, value]) => ({ name, value: String(value) })),
    };
    try {
      await this.options.client.api(`/users/${encodeURIComponent(aadObjectId)}/teamwork/sendActivityNotification`).responseType(ResponseType.TEXT).post(body);
      return true;
    } catch (error) {
      const status = (error as { statusCode?: unknown } | null)?.statusCode;
      this.log.warn(
        { activityType, status: typeof status === 'number' ? status : undefined, hint: status === 403 ? 'TeamsActivity.Send with admin consent, and the app installed for the user' : undefined },
        'activity feed notification not sent',
      );
      return false;
    }
  }
}
