import { ResponseType, type Client } from '@microsoft/microsoft-graph-client';
import type { Logger } from '../../ports/Logger';
import type { ChatOpener } from '../../teams/proactive/TeamsNotifier';

export interface TeamsAppInstallerOptions {
  /** A Graph client with an app-only token carrying TeamsAppInstallation.ReadWriteSelfForUser.All (and AppCatalog.Read.All). */
  readonly client: Client;
  /** The manifest id of the Rotera app (TEAMS_APP_ID), as published to the org catalog. */
  readonly manifestId: string;
  readonly logger: Logger;
  /** Base of the `teamsApp@odata.bind` reference (default `https://graph.microsoft.com/v1.0`). */
  readonly bindBaseUrl?: string;
}

interface GraphList<T> {
  readonly value?: readonly T[];
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** OData string literal: single quotes doubled. */
const odata = (value: string) => `'${value.replace(/'/g, "''")}'`;

/**
 * Opens the bot's 1:1 chat with someone who never opened Rotera: installs the app for them from the org
 * catalog (Graph proactive install), then asks for the chat's id. Teams then also sends the bot an
 * installationUpdate/conversationUpdate, where the bot learns the full reference the usual way.
 */
export class TeamsAppInstaller implements ChatOpener {
  private catalogId: Promise<string | null> | null = null;
  private readonly log: Logger;

  constructor(private readonly options: TeamsAppInstallerOptions) {
    this.log = options.logger.child({ component: 'graph-install' });
  }

  async openChat(aadObjectId: string): Promise<string | null> {
    const appId = await this.appCatalogId();
    if (appId === null) return null;
    const user = `/users/${encodeURIComponent(aadObjectId)}/teamwork/installedApps`;
    try {
      // 201 comes without a body: read it as text, so the SDK does not try to parse JSON out of nothing.
      await this.options.client
        .api(user)
        .responseType(ResponseType.TEXT)
        .post({ 'teamsApp@odata.bind': `${this.options.bindBaseUrl ?? 'https://graph.microsoft.com/v1.0'}/appCatalogs/teamsApps/${appId}` });
    } catch (error) {
      // 409: already installed (by the user, or by a sweep sending this person another nudge right now): find the chat.
      if (statusOf(error) !== 409) return this.refused(error, 'install');
    }
    try {
      const installed = (await this.options.client
        .api(user)
        .expand('teamsApp')
        .filter(`teamsApp/externalId eq ${odata(this.options.manifestId)}`)
        .get()) as GraphList<{ id?: string }>;
      const installationId = installed.value?.[0]?.id;
      if (!installationId) {
        this.log.warn({}, 'app installed but the installation was not found');
        return null;
      }
      const chat = (await this.options.client.api(`${user}/${encodeURIComponent(installationId)}/chat`).get()) as { id?: string };
      return chat.id ?? null;
    } catch (error) {
      return this.refused(error, 'chat');
    }
  }

  private appCatalogId(): Promise<string | null> {
    this.catalogId ??= (async () => {
      try {
        const apps = (await this.options.client
          .api('/appCatalogs/teamsApps')
          .filter(`externalId eq ${odata(this.options.manifestId)}`)
          .get()) as GraphList<{ id?: string }>;
        const id = apps.value?.[0]?.id ?? null;
        if (id === null) this.log.warn({ manifestId: this.options.manifestId }, 'Rotera is not in the org app catalog: proactive install impossible');
        return id;
      } catch (error) {
        this.catalogId = null; // try again next time
        return this.refused(error, 'catalog');
      }
    })();
    return this.catalogId;
  }

  /** 403 (no admin consent), 404 (user without Teams) and the like: the person stays unreachable; logged once per try. */
  private refused(error: unknown, step: string): null {
    this.log.warn({ step, status: statusOf(error) ?? null }, 'proactive install failed');
    return null;
  }
}
