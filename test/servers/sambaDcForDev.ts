/**
 * A Samba AD DC for `npm run dev`: the test domain plus the Agents Playground's users (Anna Lindqvist
 * manages hemtjanstab, Erik Johansson is its delegate), and the DIRECTORY=ad settings to put in `.env`.
 * Runs until Ctrl-C. Run: npx tsx test/servers/sambaDcForDev.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Attribute, Change } from 'ldapts';
import { escapeDnValue } from '../../src/adapters/ldap/escape';
import { startSambaDc, type SambaDc } from './sambaDc';
import { ACCOUNTS, OU, PERSON_PASSWORD, SERVICE, attributes, utf16Password } from './sambaSeed';

/** The Playground's users (.m365agentsplayground.yml). */
const PLAYGROUND_PEOPLE = [
  { sam: 'anna.lindqvist', name: 'Anna Lindqvist', upn: 'anna.lindqvist@rotera.example', mobile: '+46701000001' },
  { sam: 'erik.johansson', name: 'Erik Johansson', upn: 'erik.johansson@rotera.example', mobile: '+46701000002' },
  { sam: 'maria.berg', name: 'Maria Berg', upn: 'maria.berg@rotera.example', mobile: '+46701000003' },
];

/** Adds the Playground's users; Anna Lindqvist becomes manager and Erik Johansson delegate of hemtjanstab and resetab. */
export async function preparePlaygroundDomain(dc: SambaDc): Promise<void> {
  const admin = await dc.adminClient();
  const dnOf = (name: string) => `CN=${escapeDnValue(name)},${OU.people}`;
  for (const p of PLAYGROUND_PEOPLE) {
    await admin.add(
      dnOf(p.name),
      attributes({
        objectClass: ['top', 'person', 'organizationalPerson', 'user'],
        sAMAccountName: p.sam,
        userPrincipalName: p.upn,
        displayName: p.name,
        mail: p.upn,
        mobile: p.mobile,
        unicodePwd: utf16Password(PERSON_PASSWORD),
        userAccountControl: '512',
      }),
    );
  }
  const [anna, erik] = PLAYGROUND_PEOPLE.map((p) => dnOf(p.name));
  for (const account of [ACCOUNTS.hemtjanst, ACCOUNTS.reset]) {
    await admin.modify(account.dn, [
      new Change({ operation: 'replace', modification: new Attribute({ type: 'manager', values: [anna!] }) }),
      new Change({ operation: 'replace', modification: new Attribute({ type: 'secretary', values: [erik!] }) }),
    ]);
  }
  await admin.unbind();
}

async function main(): Promise<void> {
  const dc = await startSambaDc();
  await preparePlaygroundDomain(dc);
  const caFile = join(dc.dir, 'ca.pem');
  writeFileSync(caFile, dc.caPem);
  console.log(`Samba AD DC running on ${dc.url} (PID ${dc.pid}). Put these in .env, then npm run dev:

DIRECTORY=ad
LDAP_URL=${dc.url}
LDAP_TLS=ldaps
LDAP_CA_FILE=${caFile}
LDAP_SERVERNAME=${dc.servername}
LDAP_BIND_DN=${SERVICE.dn}
LDAP_BIND_PASSWORD=${SERVICE.password}
LDAP_ACCOUNTS_BASE_DN=${OU.shared}
LDAP_PEOPLE_BASE_DN=${OU.people}

Anna Lindqvist manages ${ACCOUNTS.hemtjanst.sam} (current password ${ACCOUNTS.hemtjanst.password}) and ${ACCOUNTS.reset.sam}.
Ctrl-C stops the DC and removes its folder.`);
  const stop = () => {
    void dc.dispose().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
