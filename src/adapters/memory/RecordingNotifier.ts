import { normalizeDn } from '../../domain/access';
import type { Notice, NoticeDelivery, Notifier } from '../../ports/Notifier';

/** A Notifier for tests and the dev setup without Teams: keeps every notice, per recipient DN. */
export class RecordingNotifier implements Notifier {
  readonly sent: Array<{ readonly personDn: string; readonly notice: Notice }> = [];
  private readonly unreachable = new Set<string>();

  async notify(personDn: string, notice: Notice): Promise<NoticeDelivery> {
    if (this.unreachable.has(normalizeDn(personDn))) return 'unreachable';
    this.sent.push({ personDn, notice });
    return 'delivered';
  }

  /** Notices delivered to this person, oldest first. */
  noticesFor(personDn: string): Notice[] {
    const key = normalizeDn(personDn);
    return this.sent.filter((s) => normalizeDn(s.personDn) === key).map((s) => s.notice);
  }

  /** This person never talked to the bot: notices to them are not delivered. */
  markUnreachable(personDn: string): void {
    this.unreachable.add(normalizeDn(personDn));
  }
}
