/**
 * The core's routines (createUseCases) over the real OpenLDAP adapter and slapd with ppolicy: ppolicy
 * refuses an earlier password itself; Rotera still refuses variants.
 */
import { startSlapd, type Slapd } from '../servers/slapd';
import { ACCOUNTS, PEOPLE } from '../servers/slapdSeed';
import { canBind, openLdapAdapters } from '../support/ldapAdapters';
import { RealDirectoryCore } from '../support/realDirectoryCore';
import { checkLogsAfterAll } from '../support/logCapture';

// Issues 2 and 5: no password or code this suite used may appear in any line it logged.
checkLogsAfterAll();

jest.setTimeout(120_000);

let slapd: Slapd;
let adapters: ReturnType<typeof openLdapAdapters>;
let core: RealDirectoryCore;

beforeAll(async () => {
  slapd = await startSlapd();
  adapters = openLdapAdapters(slapd);
  core = new RealDirectoryCore(adapters.directory, adapters.people);
});

afterAll(async () => {
  await adapters?.connection.close();
  await slapd?.dispose();
});

const binds = (password: string) => canBind(slapd.url, slapd.caPem, slapd.servername, ACCOUNTS.reset.dn, password);

it('resets through the routine; ppolicy refuses the earlier password, Rotera the variant', async () => {
  const anna = await core.actor(PEOPLE.anna.mail);
  expect(await adapters.directory.refusesEarlierPasswordsOnReset()).toBe(true);

  await core.verified(anna, ACCOUNTS.reset.uid);
  expect(await core.change(anna, ACCOUNTS.reset.uid, 'Gravel#Tiger71')).toMatchObject({ kind: 'password-changed' });
  await core.verified(anna, ACCOUNTS.reset.uid);
  expect(await core.change(anna, ACCOUNTS.reset.uid, 'Mossa+Kaktus19')).toMatchObject({ kind: 'password-changed' });
  await core.verified(anna, ACCOUNTS.reset.uid);
  // The seed password was never set through Rotera: only ppolicy knows it.
  expect(await core.change(anna, ACCOUNTS.reset.uid, ACCOUNTS.reset.password)).toEqual({ kind: 'directory-refused', reason: 'in-history' });
  expect(await core.change(anna, ACCOUNTS.reset.uid, 'Gravel#Tiger72')).toEqual({ kind: 'earlier-password', variant: true });
  expect(await binds('Mossa+Kaktus19')).toBe(true);
});

it('keeps its own exact history when the directory is not said to enforce history (LDAP_DIRECTORY_ENFORCES_HISTORY=false)', async () => {
  // As with a `manage` identity, for which ppolicy skips history: Rotera refuses the exact earlier password itself.
  const unclaimed = openLdapAdapters(slapd, { enforcesHistory: false });
  try {
    const own = new RealDirectoryCore(unclaimed.directory, unclaimed.people);
    const anna = await own.actor(PEOPLE.anna.mail);
    expect(await unclaimed.directory.refusesEarlierPasswordsOnReset()).toBe(false);
    await own.verified(anna, ACCOUNTS.reset.uid);
    expect(await own.change(anna, ACCOUNTS.reset.uid, 'Lingon!Hjortron53')).toMatchObject({ kind: 'password-changed' });
    await own.verified(anna, ACCOUNTS.reset.uid);
    expect(await own.change(anna, ACCOUNTS.reset.uid, 'Blabar?Kanel84')).toMatchObject({ kind: 'password-changed' });
    await own.verified(anna, ACCOUNTS.reset.uid);
    expect(await own.change(anna, ACCOUNTS.reset.uid, 'Lingon!Hjortron53')).toEqual({ kind: 'earlier-password', variant: false });
    expect(await binds('Blabar?Kanel84')).toBe(true);
  } finally {
    await unclaimed.connection.close();
  }
});

it('proves the current password by a bind', async () => {
  const bertil = await core.actor(PEOPLE.bertil.mail);
  expect(await core.useCases.checkCurrentPassword(bertil, ACCOUNTS.hemtjanst.uid, ACCOUNTS.hemtjanst.password)).toMatchObject({ kind: 'proven' });
});
