import type { Actor } from '../../common/tenancy/actor';

/** What SmsService needs to send one text, whoever asks. */
export interface OutgoingSmsRequest {
  /** E.164 (SmsService.sendForStaff reads any written form first). */
  toPhone: string;
  body: string;
  purpose?: string | null;
  callerName?: string | null;
  callId?: string | null;
  /** Who asks: a staff user, or the voice agent during a call. */
  actor: Actor;
}
