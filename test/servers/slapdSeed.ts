/**
 * The OpenLDAP test tree: the same people and shared accounts as the Samba seed, as inetOrgPerson
 * entries, a ppolicy entry, a service identity with `write` (not `manage`) on userPassword, and
 * accounts for the paging test. Written as LDIF for slapadd.
 */
import { createHash, randomBytes } from 'node:crypto';

export const SUFFIX = 'dc=test,dc=local';
export const ROOT = { dn: `cn=admin,${SUFFIX}`, password: 'Adm1n!Slapd-Rotera' } as const;

export const OU = {
  people: `ou=People,${SUFFIX}`,
  shared: `ou=Shared Accounts,${SUFFIX}`,
  paging: `ou=Paging,ou=Shared Accounts,${SUFFIX}`,
  service: `ou=Service,${SUFFIX}`,
  policies: `ou=Policies,${SUFFIX}`,
} as const;

export const POLICY_DN = `cn=default,${OU.policies}`;
/** ppolicy honours pwdReset only where pwdMustChange is on: the must-change account has this policy. */
export const MUST_CHANGE_POLICY_DN = `cn=must-change,${OU.policies}`;
export const SERVICE = { dn: `cn=svc-rotera,${OU.service}`, password: 'Svc!Slapd-Least-2026' } as const;

export interface SlapdPerson {
  readonly uid: string;
  readonly displayName: string;
  readonly dn: string;
  readonly mail: string;
  readonly mobile: string | null;
  readonly managerUid: string | null;
}

const person = (uid: string, displayName: string, mobile: string | null, managerUid: string | null): SlapdPerson => ({
  uid,
  displayName,
  dn: `uid=${uid},${OU.people}`,
  mail: `${uid}@test.local`,
  mobile,
  managerUid,
});

export const PEOPLE = {
  chef: person('cecilia.chef', 'Cecilia Chef', '+46703333333', null),
  anna: person('anna.andersson', 'Anna Andersson', '+46701111111', 'cecilia.chef'),
  bertil: person('bertil.berg', 'Bertil Berg', '+46702222222', 'anna.andersson'),
  david: person('david.dahl', 'David Dahl', null, 'anna.andersson'),
} as const;

export interface SlapdAccount {
  readonly uid: string;
  readonly displayName: string;
  readonly dn: string;
  readonly password: string;
  readonly mobile: string | null;
  readonly state?: 'must-change' | 'disabled';
}

const account = (uid: string, displayName: string, password: string, mobile: string | null, state?: SlapdAccount['state']): SlapdAccount => ({
  uid,
  displayName,
  dn: `uid=${uid},${OU.shared}`,
  password,
  mobile,
  ...(state ? { state } : {}),
});

export const ACCOUNTS = {
  hemtjanst: account('hemtjanstab', 'Hemtjänst Almby', 'Almby!Start-2026', '+46701234567'),
  wrong: account('wrongab', 'Fel lösen', 'Wrong!Start-2026', null),
  locked: account('lockedab', 'Låst konto', 'Locked!Start-2026', null),
  guard: account('guardab', 'Spärrvakt', 'Guard!Start-2026', null),
  mustChange: account('mustchangeab', 'Måste byta', 'Must!Change-2026', null, 'must-change'),
  disabled: account('disabledab', 'Avstängt', 'Disabled!Start-2026', null, 'disabled'),
  reset: account('resetab', 'Återställ', 'Reset!Start-2026', '+46705555555'),
  unlock: account('unlockab', 'Lås upp', 'Unlock!Start-2026', null),
  history: account('historyab', 'Historik', 'Sommar2025!Almby', '+46707777777'),
  mobile: account('mobileab', 'Mobil', 'Mobile!Start-2026', null),
  killed: account('killedab', 'Avbruten', 'Killed!Start-2026', '+46706666666'),
} as const;

export const PAGING_ACCOUNTS = 2000;
export const pagingName = (index: number): string => `page${String(index).padStart(5, '0')}`;

/** `{SSHA}` as slapd stores it, so seeded accounts look like ones whose password was set by slapd. */
export function ssha(password: string): string {
  const salt = randomBytes(8);
  const digest = createHash('sha1').update(password).update(salt).digest();
  return `{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`;
}

function ldif(dn: string, attributes: Record<string, string | readonly string[]>): string {
  const lines = [`dn: ${dn}`];
  for (const [name, value] of Object.entries(attributes)) {
    for (const v of typeof value === 'string' ? [value] : value) {
      // Non-ASCII values go base64 (LDIF's rule for "unsafe" strings).
      lines.push(/^[\x20-\x7e]*$/.test(v) && !v.startsWith(' ') && !v.startsWith(':') ? `${name}: ${v}` : `${name}:: ${Buffer.from(v, 'utf8').toString('base64')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const generalized = (date: Date) => `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;

/** The whole tree as LDIF; `extraPagingAccounts` adds more for benchmarks. */
export function seedLdif(pagingAccounts = PAGING_ACCOUNTS): string {
  const now = generalized(new Date());
  const out: string[] = [
    ldif(SUFFIX, { objectClass: ['top', 'dcObject', 'organization'], dc: 'test', o: 'Test' }),
    ...Object.values(OU).map((dn) => ldif(dn, { objectClass: ['top', 'organizationalUnit'], ou: dn.split(',')[0]!.slice(3) })),
    ...[POLICY_DN, MUST_CHANGE_POLICY_DN].map((dn) =>
      ldif(dn, {
        objectClass: ['top', 'organizationalRole', 'pwdPolicy'],
        cn: dn.split(',')[0]!.slice(3),
        pwdAttribute: 'userPassword',
        pwdInHistory: '24',
        pwdMinLength: '8',
        pwdCheckQuality: '2',
        pwdLockout: 'TRUE',
        pwdMaxFailure: '5',
        pwdLockoutDuration: '1800',
        pwdFailureCountInterval: '1800',
        pwdMustChange: dn === MUST_CHANGE_POLICY_DN ? 'TRUE' : 'FALSE',
        pwdAllowUserChange: 'TRUE',
        pwdSafeModify: 'FALSE',
        pwdMinAge: '0',
        pwdMaxAge: '0',
      }),
    ),
    ldif(SERVICE.dn, { objectClass: ['top', 'applicationProcess', 'simpleSecurityObject'], cn: 'svc-rotera', userPassword: ssha(SERVICE.password) }),
  ];
  const byUid = new Map(Object.values(PEOPLE).map((p) => [p.uid, p]));
  for (const p of Object.values(PEOPLE) as SlapdPerson[]) {
    const manager = p.managerUid ? byUid.get(p.managerUid) : undefined;
    out.push(
      ldif(p.dn, {
        objectClass: ['top', 'person', 'organizationalPerson', 'inetOrgPerson'],
        uid: p.uid,
        cn: p.displayName,
        sn: p.displayName.split(' ').pop() ?? p.uid,
        displayName: p.displayName,
        mail: p.mail,
        ...(p.mobile ? { mobile: p.mobile } : {}),
        ...(manager ? { manager: manager.dn } : {}),
      }),
    );
  }
  for (const a of Object.values(ACCOUNTS) as SlapdAccount[]) {
    out.push(
      ldif(a.dn, {
        objectClass: ['top', 'person', 'organizationalPerson', 'inetOrgPerson'],
        uid: a.uid,
        cn: a.uid,
        sn: a.uid,
        displayName: a.displayName,
        manager: PEOPLE.anna.dn,
        secretary: PEOPLE.bertil.dn,
        ...(a.mobile ? { mobile: a.mobile } : {}),
        userPassword: ssha(a.password),
        pwdChangedTime: now,
        ...(a.state === 'must-change' ? { pwdReset: 'TRUE', pwdPolicySubentry: MUST_CHANGE_POLICY_DN } : {}),
        ...(a.state === 'disabled' ? { pwdAccountLockedTime: '000001010000Z' } : {}),
      }),
    );
  }
  for (let i = 1; i <= pagingAccounts; i += 1) {
    const uid = pagingName(i);
    out.push(
      ldif(`uid=${uid},${OU.paging}`, {
        objectClass: ['top', 'person', 'organizationalPerson', 'inetOrgPerson'],
        uid,
        cn: uid,
        sn: uid,
        displayName: `Enhet ${i}`,
        manager: PEOPLE.anna.dn,
      }),
    );
  }
  return out.join('\n');
}
