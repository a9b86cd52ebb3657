/**
 * `npm run package`: builds appPackage/build/rotera.zip for upload to the tenant's Teams app catalog, with the
 * settings from the environment (and `.env`), and validates the filled-in manifest and localization file against
 * the Teams schema bundled in @microsoft/app-manifest (offline). Exits 1 naming what is missing or invalid.
 */
import { config as loadDotenv } from 'dotenv';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_PACKAGE_DIR, appPackageFiles, packageSettingsFromEnv, validateTeamsJson, zip } from './appPackage';
import { iconProblems } from './png';

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const { version } = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
  const settings = packageSettingsFromEnv(process.env, version);
  const files = appPackageFiles(settings);
  const problems: string[] = [];
  for (const file of files.filter((f) => f.name.endsWith('.json'))) {
    const errors = await validateTeamsJson(JSON.parse(file.data.toString('utf8')) as Record<string, unknown>);
    problems.push(...errors.map((e) => `${file.name}: ${e}`));
  }
  const icon = (name: string) => files.find((f) => f.name === name)?.data ?? Buffer.alloc(0);
  problems.push(...iconProblems(icon('color.png'), icon('outline.png')));
  if (problems.length > 0) throw new Error(`The app package does not validate:\n  ${problems.join('\n  ')}`);
  const outDir = join(APP_PACKAGE_DIR, 'build');
  mkdirSync(outDir, { recursive: true });
  const target = join(outDir, 'rotera.zip');
  writeFileSync(target, zip(files));
  console.log(`${target}: Rotera ${settings.APP_VERSION}, app id ${settings.TEAMS_APP_ID}, bot ${settings.BOT_ID}, domain ${settings.BOT_DOMAIN}`);
  console.log('Upload it in Teams admin center > Teams apps > Manage apps > Upload new app.');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
