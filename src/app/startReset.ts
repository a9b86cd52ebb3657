import type { Actor } from '../domain/model';
import { maskMobile } from '../domain/phoneNumber';
import { RESEND_AFTER_MS } from '../domain/slidingWindow';
import { smsTexts } from '../i18n/sms';
import { resolveAccess, notResponsible } from './accessGuard';
import type { ResetStart } from './contracts';
import type { Core } from './core';

/**
 * Step b of routine 3, also "Skicka ny kod": a code to the mobile ON FILE in the directory, never to a
 * number the user (or a card) supplies. A new code replaces the live one.
 */
export async function startReset(core: Core, actor: Actor, accountName: string): Promise<ResetStart> {
  const access = await resolveAccess(core.directory, actor, accountName);
  if (!access.granted) {
    await core.audit.record(actor, 'start-reset', access.knownAccount, 'not-responsible');
    return notResponsible;
  }
  const { account } = access;
  const finish = async (outcome: ResetStart, detail?: Record<string, string>) => {
    await core.audit.record(actor, 'start-reset', account.name, outcome.kind, detail);
    return outcome;
  };
  const destination = account.recoveryMobile;
  if (destination === null) return finish({ kind: 'no-mobile' });
  const masked = maskMobile(destination);

  const binding = { accountName: account.name, teamsUserId: actor.teamsUserId, purpose: 'reset' as const };
  const issue = await core.codes.issue(
    binding,
    destination,
    (code) =>
      core.sms.send({
        to: destination,
        body: smsTexts[actor.locale].resetCode({
          code,
          accountName: account.name,
          serviceName: core.settings.serviceName,
          validMinutes: Math.round(core.settings.codeTtlMs / 60_000),
        }),
      }),
    { minimumGapMs: RESEND_AFTER_MS },
  );
  switch (issue.kind) {
    case 'sent':
      return finish(
        {
          kind: 'code-sent',
          maskedMobile: masked,
          sentAt: new Date(issue.record.issuedAt),
          resendAt: new Date(issue.record.issuedAt + RESEND_AFTER_MS),
          expiresAt: new Date(issue.record.expiresAt),
          providerMessageId: issue.sent.providerMessageId,
        },
        { to: masked },
      );
    case 'resend-too-early':
      return finish({ kind: 'resend-too-early', resendAt: issue.resendAt });
    case 'rate-limited':
      return finish({ kind: 'rate-limited', retryAt: issue.retryAt });
    case 'sms-refused':
      return finish({ kind: 'sms-refused', reason: issue.error.reason, supportContact: core.settings.supportContact }, { to: masked });
  }
}
