import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { APP_PACKAGE_DIR, appPackageFiles, fillPlaceholders, packageSettingsFromEnv, validateTeamsJson, zip, type PackageSettings } from '../../scripts/appPackage';
import { ACTIVITY_FEED_PARAMETERS } from '../../src/adapters/graph/TeamsActivityFeed';
import { matchIntent } from '../../src/i18n/intents';
import { decodePng, iconProblems } from '../../scripts/png';

// @microsoft/app-manifest requires strip-bom 5, which is ESM only; jest (unlike Node 20.19+) cannot require it.
jest.mock('strip-bom', () => ({ __esModule: true, default: (text: string) => text.replace(/^\uFEFF/, '') }));

const settings: PackageSettings = {
  TEAMS_APP_ID: '3c6f3e2a-9d2b-4c61-8f0e-3a1b2c4d5e6f',
  BOT_ID: '11111111-2222-3333-4444-555555555555',
  GRAPH_CLIENT_ID: '66666666-7777-8888-9999-000000000000',
  BOT_DOMAIN: 'rotera.orebro.se',
  APP_VERSION: '1.2.3',
  DEVELOPER_NAME: 'Örebro kommun',
  DEVELOPER_WEBSITE_URL: 'https://www.orebro.se',
  PRIVACY_URL: 'https://www.orebro.se/personuppgifter',
  TERMS_OF_USE_URL: 'https://www.orebro.se/villkor',
};

type Json = Record<string, unknown>;

function filled(name: 'manifest.json' | 'en.json'): Json {
  const file = appPackageFiles(settings).find((f) => f.name === name);
  if (!file) throw new Error(`${name} missing`);
  return JSON.parse(file.data.toString('utf8')) as Json;
}

/** `bots[0].commandLists[0].commands[2].title` -> the value at that path in the manifest. */
function at(manifest: unknown, path: string): unknown {
  return path
    .split(/\.|(?=\[)/)
    .reduce<unknown>((node, part) => {
      if (node === undefined || node === null) return undefined;
      const index = /^\[(\d+)\]$/.exec(part);
      if (index) return Array.isArray(node) ? node[Number(index[1])] : undefined;
      return typeof node === 'object' ? (node as Json)[part] : undefined;
    }, manifest);
}

/** A minimal zip reader (central directory, deflate or stored), enough to check what `zip` wrote. */
function unzip(archive: Buffer): Map<string, Buffer> {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = archive.readUInt16LE(end + 10);
  let offset = archive.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(archive.readUInt32LE(offset)).toBe(0x02014b50);
    const method = archive.readUInt16LE(offset + 10);
    const compressedSize = archive.readUInt32LE(offset + 20);
    const nameLength = archive.readUInt16LE(offset + 28);
    const extraLength = archive.readUInt16LE(offset + 30);
    const commentLength = archive.readUInt16LE(offset + 32);
    const localOffset = archive.readUInt32LE(offset + 42);
    const name = archive.toString('utf8', offset + 46, offset + 46 + nameLength);
    const localNameLength = archive.readUInt16LE(localOffset + 26);
    const localExtraLength = archive.readUInt16LE(localOffset + 28);
    const start = localOffset + 30 + localNameLength + localExtraLength;
    const data = archive.subarray(start, start + compressedSize);
    files.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

describe('the Teams app package', () => {
  it('has a manifest on schema 1.23 or later that validates offline against the bundled schema', async () => {
    const manifest = filled('manifest.json');
    expect(Number(manifest.manifestVersion)).toBeGreaterThanOrEqual(1.23);
    expect(String(manifest.$schema)).toMatch(/^https:\/\/developer\.microsoft\.com\/json-schemas\/teams\/v1\.\d+\/MicrosoftTeams\.schema\.json$/);
    expect(await validateTeamsJson(manifest)).toEqual([]);
  });

  it('has an English localization file that validates against the bundled localization schema', async () => {
    const en = filled('en.json');
    expect(String(en.$schema)).toContain('MicrosoftTeams.Localization.schema.json');
    expect(await validateTeamsJson(en)).toEqual([]);
  });

  it('is refused by the same validation when it breaks the schema', async () => {
    const manifest = filled('manifest.json');
    const broken = { ...manifest, name: { short: 'Rotera lösenordshjälp för gemensamma konton' }, unexpected: true };
    const errors = await validateTeamsJson(broken);
    expect(errors.join('\n')).toMatch(/\/name\/short/);
    expect(errors.join('\n')).toMatch(/additional/i);
    const en = { ...filled('en.json'), 'bots[0].commandLists[0].commands[0].title': 'x'.repeat(200) };
    expect(await validateTeamsJson(en)).not.toEqual([]);
  });

  it('speaks Swedish by default, with every English key pointing at a string in the manifest', () => {
    const manifest = filled('manifest.json');
    const en = filled('en.json');
    expect(at(manifest, 'localizationInfo.defaultLanguageTag')).toBe('sv');
    expect(at(manifest, 'localizationInfo.additionalLanguages')).toEqual([{ languageTag: 'en', file: 'en.json' }]);
    for (const key of Object.keys(en).filter((k) => k !== '$schema')) {
      expect([key, typeof at(manifest, key)]).toEqual([key, 'string']);
    }
  });

  it('offers the bot in personal scope only, with commands the bot understands in both languages', () => {
    const manifest = filled('manifest.json');
    const en = filled('en.json');
    expect(at(manifest, 'bots[0].scopes')).toEqual(['personal']);
    expect(at(manifest, 'bots[0].botId')).toBe(settings.BOT_ID);
    const commands = at(manifest, 'bots[0].commandLists[0].commands') as { title: string }[];
    expect(commands.length).toBeGreaterThanOrEqual(4);
    commands.forEach((command, i) => {
      const english = en[`bots[0].commandLists[0].commands[${i}].title`];
      expect(typeof english).toBe('string');
      const intent = matchIntent(command.title);
      expect([command.title, intent]).not.toEqual([command.title, null]);
      expect([english, matchIntent(String(english))]).toEqual([english, intent]);
    });
  });

  it('names the Graph app in webApplicationInfo and declares the activity types with English texts', () => {
    const manifest = filled('manifest.json');
    const en = filled('en.json');
    expect(at(manifest, 'webApplicationInfo.id')).toBe(settings.GRAPH_CLIENT_ID);
    expect(at(manifest, 'validDomains')).toEqual([settings.BOT_DOMAIN]);
    const types = at(manifest, 'activities.activityTypes') as { type: string; templateText: string }[];
    expect(types.map((t) => t.type)).toEqual(Object.keys(ACTIVITY_FEED_PARAMETERS));
    const parametersOf = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    types.forEach((t, i) => {
      // The parameters the feed adapter sends are exactly the ones each language's text shows.
      const sent = [...(ACTIVITY_FEED_PARAMETERS as Record<string, readonly string[]>)[t.type] ?? []].sort();
      expect(parametersOf(t.templateText)).toEqual(sent);
      expect(parametersOf(String(en[`activities.activityTypes[${i}].templateText`]))).toEqual(sent);
    });
  });

  it('fills every placeholder, JSON-escaped, and refuses unknown ones', () => {
    const raw = readFileSync(join(APP_PACKAGE_DIR, 'manifest.json'), 'utf8');
    expect(raw).toContain('${{TEAMS_APP_ID}}');
    const text = fillPlaceholders(raw, { ...settings, DEVELOPER_NAME: 'Kommun "Syd"' });
    expect(text).not.toMatch(/\$\{\{/);
    expect((JSON.parse(text) as { developer: { name: string } }).developer.name).toBe('Kommun "Syd"');
    expect(() => fillPlaceholders('"${{NOPE}}"', settings)).toThrow('NOPE');
  });

  it('takes its settings from the environment and names each bad one', () => {
    const env = { TEAMS_APP_ID: settings.TEAMS_APP_ID, MicrosoftAppId: settings.BOT_ID, PUBLIC_BASE_URL: 'https://rotera.orebro.se' };
    const fromEnv = packageSettingsFromEnv(env, '0.1.0');
    expect(fromEnv).toMatchObject({ GRAPH_CLIENT_ID: settings.BOT_ID, BOT_DOMAIN: 'rotera.orebro.se', APP_VERSION: '0.1.0', PRIVACY_URL: 'https://rotera.orebro.se' });
    expect(() => packageSettingsFromEnv({ ...env, MicrosoftAppId: 'not-a-guid', PUBLIC_BASE_URL: 'http://127.0.0.1:3978' }, '0.1.0')).toThrow(
      /MicrosoftAppId: must be a GUID[\s\S]*PRIVACY_URL: must be an https/,
    );
  });

  it('has a 192x192 colour icon, opaque', () => {
    const png = decodePng(readFileSync(join(APP_PACKAGE_DIR, 'color.png')));
    expect([png.width, png.height]).toEqual([192, 192]);
    let translucent = 0;
    for (let i = 3; i < png.pixels.length; i += 4) if (png.pixels[i] !== 255) translucent++;
    expect(translucent).toBe(0);
    // The white mark keeps to the middle (Teams frames the icon), and there is one.
    let markInside = 0;
    for (let y = 0; y < 192; y++) {
      for (let x = 0; x < 192; x++) {
        const white = (png.pixels[(y * 192 + x) * 4] ?? 0) > 200;
        const middle = Math.abs(x - 95.5) < 64 && Math.abs(y - 95.5) < 64;
        if (white && !middle) throw new Error(`mark outside the middle at ${x},${y}`);
        if (white) markInside++;
      }
    }
    expect(markInside).toBeGreaterThan(1000);
  });

  it('has a 32x32 outline icon that is white on a transparent background', () => {
    const png = decodePng(readFileSync(join(APP_PACKAGE_DIR, 'outline.png')));
    expect([png.width, png.height]).toEqual([32, 32]);
    let transparent = 0;
    let opaque = 0;
    const coloured: number[] = [];
    for (let i = 0; i < png.pixels.length; i += 4) {
      const [r, g, b, a] = [png.pixels[i], png.pixels[i + 1], png.pixels[i + 2], png.pixels[i + 3]];
      if (a === 0) transparent++;
      else if (r !== 255 || g !== 255 || b !== 255) coloured.push(i / 4);
      if (a === 255) opaque++;
    }
    expect(coloured).toEqual([]);
    // The corners are background; the mark covers a fair part of the square.
    for (const corner of [0, 31, 32 * 31, 32 * 32 - 1]) expect(png.pixels[corner * 4 + 3]).toBe(0);
    expect(transparent).toBeGreaterThan(32 * 32 * 0.3);
    expect(opaque).toBeGreaterThan(32 * 32 * 0.1);
  });

  it('checks the icons when packaging, naming what is wrong', () => {
    const color = readFileSync(join(APP_PACKAGE_DIR, 'color.png'));
    const outline = readFileSync(join(APP_PACKAGE_DIR, 'outline.png'));
    expect(iconProblems(color, outline)).toEqual([]);
    expect(iconProblems(outline, color)).toEqual([
      'color.png: must be 192x192, is 32x32',
      'outline.png: must be 32x32, is 192x192',
      expect.stringMatching(/^outline\.png: must be white on transparent/),
      'outline.png: needs a transparent background',
    ]);
    expect(iconProblems(Buffer.from('not a png'), outline)).toEqual(['color.png: not a PNG']);
  });

  it('zips exactly the four files, as they were filled in', () => {
    const files = appPackageFiles(settings);
    const archive = zip(files);
    const unpacked = unzip(archive);
    expect([...unpacked.keys()]).toEqual(['manifest.json', 'en.json', 'color.png', 'outline.png']);
    for (const file of files) expect(unpacked.get(file.name)?.equals(file.data)).toBe(true);
    expect(zip(files).equals(archive)).toBe(true);
  });
});
