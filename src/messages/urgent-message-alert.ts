import type { TenantLanguage } from '../tenants/tenant.entity';

/** Two SMS segments at most, so that an alert stays cheap and readable on a lock screen. */
export const URGENT_ALERT_MAX_LENGTH = 300;

export interface UrgentAlertDetails {
  callerName: string;
  /** As staff dial it: "+1 786-555-0198". */
  callerPhone: string;
  body: string;
  forPerson?: string | null;
  callbackPreferredTime?: string | null;
}

const WORDING: Record<TenantLanguage, { from: string; for: string; callBack: string }> = {
  en: { from: 'Urgent message from', for: 'for', callBack: 'Call back' },
  es: { from: 'Mensaje urgente de', for: 'para', callBack: 'Llamar' },
};

/** One line of caller words, without line breaks or runs of spaces. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** `text` cut at a word boundary to fit `room` characters, with an ellipsis when cut. */
function shortened(text: string, room: number): string {
  if (text.length <= room) return text;
  if (room <= 1) return '…';
  const cut = text.slice(0, room - 1);
  const atWord = cut.lastIndexOf(' ');
  return `${(atWord > room / 2 ? cut.slice(0, atWord) : cut).trimEnd()}…`;
}

/**
 * The text the tenant's on-call phone gets for an urgent message, in the tenant's language:
 * "Urgent message from Ana Diaz (+1 786-555-0198) for Dr. Lee: the pipe burst. Call back: after 5 pm".
 * The message is shortened to keep the whole within URGENT_ALERT_MAX_LENGTH; the full text is in the CRM.
 */
export function urgentMessageAlert(details: UrgentAlertDetails, language: TenantLanguage): string {
  const words = WORDING[language];
  const name = shortened(oneLine(details.callerName), 60);
  const recipient = details.forPerson ? ` ${words.for} ${shortened(oneLine(details.forPerson), 60)}` : '';
  const head = `${words.from} ${name} (${details.callerPhone})${recipient}: `;
  const callBack = details.callbackPreferredTime
    ? `${words.callBack}: ${shortened(oneLine(details.callbackPreferredTime), 60)}`
    : '';
  const room = URGENT_ALERT_MAX_LENGTH - head.length - (callBack ? callBack.length + 2 : 0);
  const body = shortened(oneLine(details.body).replace(/[.\s]+$/, ''), room);
  if (!callBack) return head + body;
  return `${head}${body}${body.endsWith('…') ? ' ' : '. '}${callBack}`;
}
