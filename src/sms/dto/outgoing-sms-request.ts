/** What SmsService needs to send one text, whoever asks. */
export interface OutgoingSmsRequest {
  /** E.164 (SmsService.sendForStaff reads any written form first). */
  toPhone: string;
  body: string;
  purpose?: string | null;
  callerName?: string | null;
  callId?: string | null;
  /** `voice_agent`, or the staff user's id. */
  requestedBy: string;
}
