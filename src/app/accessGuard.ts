import { roleFor } from '../domain/access';
import type { Actor, Role, SharedAccount } from '../domain/model';
import type { Directory } from '../ports/Directory';
import type { NotResponsible } from './contracts';

export const notResponsible: NotResponsible = Object.freeze({ kind: 'not-responsible' });

export type Access =
  | { readonly granted: true; readonly account: SharedAccount; readonly role: Role }
  /** `knownAccount` is for the audit trail only; callers answer the user with `notResponsible` either way. */
  | { readonly granted: false; readonly knownAccount: string | null };

/**
 * The one gate in front of every account routine. It asks the directory exactly once, whether the
 * account exists or not, and both refusals take the same path afterwards, so neither the answer nor
 * the work done tells an outsider which accounts exist.
 */
export async function resolveAccess(directory: Directory, actor: Actor, accountName: string): Promise<Access> {
  const account = await directory.findSharedAccount(accountName.trim());
  const role = account === null ? null : roleFor(actor.person.dn, account);
  if (account === null || role === null) return { granted: false, knownAccount: account?.name ?? null };
  return { granted: true, account, role };
}
