/**
 * Builds the Teams app package (appPackage/build/rotera.zip): manifest.json and en.json with every `${{NAME}}`
 * placeholder filled in from settings, plus the two icons. Used by `npm run package` (scripts/package.ts) and
 * by test/teams/manifest.test.ts, which validates what this produces.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import { z } from 'zod';

export const APP_PACKAGE_DIR = join(__dirname, '..', 'appPackage');
export const PACKAGE_FILES = ['manifest.json', 'en.json', 'color.png', 'outline.png'] as const;

const guid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a GUID');
const httpsUrl = z.url().refine((u) => u.startsWith('https://'), 'must be an https:// URL');

/** The values the placeholders take. Names are the placeholders' names. */
export const packageSettingsSchema = z.object({
  /** The app's own id in Teams (manifest `id`); any GUID, kept stable across versions. */
  TEAMS_APP_ID: guid,
  /** The bot's Microsoft App ID (Azure Bot registration). */
  BOT_ID: guid,
  /** The Entra app that calls Graph (proactive install checks it against `webApplicationInfo.id`). */
  GRAPH_CLIENT_ID: guid,
  /** Host of the bot's public endpoint, e.g. `rotera.kommun.se`. */
  BOT_DOMAIN: z.string().regex(/^[a-z0-9.-]+(:\d+)?$/i, 'must be a host name'),
  APP_VERSION: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be x.y.z'),
  DEVELOPER_NAME: z.string().min(1).max(32),
  DEVELOPER_WEBSITE_URL: httpsUrl,
  PRIVACY_URL: httpsUrl,
  TERMS_OF_USE_URL: httpsUrl,
});
export type PackageSettings = z.infer<typeof packageSettingsSchema>;

/**
 * Settings from the environment Rotera itself reads: TEAMS_APP_ID, MicrosoftAppId, GRAPH_CLIENT_ID (default:
 * the bot's id), PUBLIC_BASE_URL (its host is the bot domain and the default for the three developer URLs),
 * and optionally APP_VERSION, DEVELOPER_NAME, DEVELOPER_WEBSITE_URL, PRIVACY_URL, TERMS_OF_USE_URL.
 */
export function packageSettingsFromEnv(env: NodeJS.ProcessEnv, packageVersion: string): PackageSettings {
  const value = (name: string) => (env[name]?.trim() ? env[name]?.trim() : undefined);
  const base = value('PUBLIC_BASE_URL') ?? '';
  let host = '';
  try {
    host = new URL(base).host;
  } catch {
    host = '';
  }
  const botId = value('MicrosoftAppId');
  const parsed = packageSettingsSchema.safeParse({
    TEAMS_APP_ID: value('TEAMS_APP_ID'),
    BOT_ID: botId,
    GRAPH_CLIENT_ID: value('GRAPH_CLIENT_ID') ?? botId,
    BOT_DOMAIN: host,
    APP_VERSION: value('APP_VERSION') ?? packageVersion,
    DEVELOPER_NAME: value('DEVELOPER_NAME') ?? 'Rotera',
    DEVELOPER_WEBSITE_URL: value('DEVELOPER_WEBSITE_URL') ?? base,
    PRIVACY_URL: value('PRIVACY_URL') ?? base,
    TERMS_OF_USE_URL: value('TERMS_OF_USE_URL') ?? base,
  });
  if (!parsed.success) {
    const names: Record<string, string> = { BOT_ID: 'MicrosoftAppId', BOT_DOMAIN: 'PUBLIC_BASE_URL' };
    const lines = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '');
      return `${names[key] ?? key}: ${issue.message}`;
    });
    throw new Error(`Cannot build the app package:\n  ${lines.join('\n  ')}`);
  }
  return parsed.data;
}

/** Replaces `${{NAME}}` inside JSON text; values are JSON-string escaped. Unknown names are an error. */
export function fillPlaceholders(text: string, settings: PackageSettings): string {
  const values: Record<string, string> = settings;
  return text.replace(/\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for placeholder \${{${name}}}`);
    return JSON.stringify(value).slice(1, -1);
  });
}

export interface PackageFile {
  readonly name: string;
  readonly data: Buffer;
}

export function appPackageFiles(settings: PackageSettings, dir = APP_PACKAGE_DIR): PackageFile[] {
  return PACKAGE_FILES.map((name) => {
    const raw = readFileSync(join(dir, name));
    return { name, data: name.endsWith('.json') ? Buffer.from(fillPlaceholders(raw.toString('utf8'), settings), 'utf8') : raw };
  });
}

/**
 * A plain zip archive (deflate, no directories, fixed 1980-01-01 timestamps so the same input gives the same
 * bytes). Teams only needs the files at the root of the archive.
 */
export function zip(files: readonly PackageFile[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  const dosTime = 0;
  const dosDate = (0 << 9) | (1 << 5) | 1;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const compressed = deflateRawSync(file.data, { level: 9 });
    const crc = crc32(file.data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(file.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, compressed);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(dosTime, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(file.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

/**
 * The bundled localization schemas (1.23 to 1.30) carry a pattern, `activityTypes\[\b(...)\b]\.description`, with a lone
 * `]` that is not a valid regular expression in unicode mode, so ajv refuses to compile the schema. Escape it.
 */
function repairPatterns(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(repairPatterns);
  if (!node || typeof node !== 'object') return node;
  const repair = (pattern: string): string => {
    try {
      new RegExp(pattern, 'u');
      return pattern;
    } catch {
      return pattern.replace(/(?<!\\)\](?=\\\.)/g, '\\]');
    }
  };
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => {
      if (key === 'patternProperties' && value && typeof value === 'object') {
        return [key, Object.fromEntries(Object.entries(value).map(([pattern, schema]) => [repair(pattern), repairPatterns(schema)]))];
      }
      if (key === 'pattern' && typeof value === 'string') return [key, repair(value)];
      return [key, repairPatterns(value)];
    }),
  );
}

/** Validates a manifest or localization file against the Teams schema its `$schema` names, offline. */
export async function validateTeamsJson(json: Readonly<Record<string, unknown>>): Promise<string[]> {
  const url = json.$schema;
  if (typeof url !== 'string' || !url.startsWith('https://developer.microsoft.com/json-schemas/teams/')) return ['$schema must name a bundled Teams schema'];
  const schema = repairPatterns(await AppManifestUtils.fetchSchema(url));
  return AppManifestUtils.validateAgainstSchema(json as unknown as AppManifest, schema as Parameters<typeof AppManifestUtils.validateAgainstSchema>[1]);
}
