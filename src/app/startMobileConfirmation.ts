import type { Actor } from '../domain/model';
import { maskMobile, parseMobile } from '../domain/phoneNumber';
import { RESEND_AFTER_MS } from '../domain/slidingWindow';
import { smsTexts } from '../i18n/sms';
import { resolveAccess, notResponsible } from './accessGuard';
import { hasFreshProof } from './checkCurrentPassword';
import type { MobileConfirmationStart } from './contracts';
import type { Core } from './core';

/**
 * Step d-e of routine 2: sends a code to the NEW number, which is saved only once that code comes back,
 * so a typo cannot lock the unit out later. The number is kept in the code record, not taken again from
 * the user at confirmation.
 */
export async function startMobileConfirmation(core: Core, actor: Actor, accountName: string, rawNumber: string): Promise<MobileConfirmationStart> {
  const access = await resolveAccess(core.directory, actor, accountName);
  if (!access.granted) {
    await core.audit.record(actor, 'start-mobile-confirmation', access.knownAccount, 'not-responsible');
    return notResponsible;
  }
  const { account } = access;
  const finish = async (outcome: MobileConfirmationStart, detail?: Record<string, string>) => {
    await core.audit.record(actor, 'start-mobile-confirmation', account.name, outcome.kind, detail);
    return outcome;
  };
  if (!(await hasFreshProof(core, account.name, actor.teamsUserId))) return finish({ kind: 'proof-expired' });

  const parsed = parseMobile(rawNumber);
  if (!parsed.ok) return finish({ kind: 'invalid-number', problem: parsed.problem });
  const destination = parsed.e164;
  const masked = maskMobile(destination);

  const binding = { accountName: account.name, teamsUserId: actor.teamsUserId, purpose: 'confirm-mobile' as const };
  const issue = await core.codes.issue(binding, destination, (code) =>
    core.sms.send({
      to: destination,
      body: smsTexts[actor.locale].confirmMobileCode({
        code,
        accountName: account.name,
        serviceName: core.settings.serviceName,
        validMinutes: Math.round(core.settings.codeTtlMs / 60_000),
      }),
    }),
  );
  switch (issue.kind) {
    case 'sent':
      return finish(
        {
          kind: 'code-sent',
          maskedMobile: masked,
          expiresAt: new Date(issue.record.expiresAt),
          resendAt: new Date(issue.record.issuedAt + RESEND_AFTER_MS),
          providerMessageId: issue.sent.providerMessageId,
        },
        { to: masked },
      );
    case 'rate-limited':
      return finish({ kind: 'rate-limited', retryAt: issue.retryAt });
    case 'resend-too-early':
      return finish({ kind: 'rate-limited', retryAt: issue.resendAt });
    case 'sms-refused':
      return finish({ kind: 'sms-refused', reason: issue.error.reason, supportContact: core.settings.supportContact }, { to: masked });
  }
}
