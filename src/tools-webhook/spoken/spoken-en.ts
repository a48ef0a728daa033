import { DateTime } from 'luxon';
import { spokenDateTime } from './spoken-date-time';
import { joinWithAnd, speakable } from './speakable';

function named(name: string | undefined): string {
  const first = speakable(name).split(' ')[0];
  return first ? `, ${first}` : '';
}

const PAST_DATE = 'That date has already passed. Which day would you like instead?';
const PAST_TIME = 'That time has already passed today. What time would suit you instead?';
const INVALID_PHONE = "I didn't catch a valid phone number. Could you repeat it, digit by digit?";
const AskAgain = new Map<string, string>([
  ['phone', INVALID_PHONE],
  ['toPhone', INVALID_PHONE],
  ['callerPhone', INVALID_PHONE],
  ['date', PAST_DATE],
  ['time', PAST_TIME],
]);

const POLICY_STATUS = new Map([
  ['active', 'active'],
  ['pending', 'pending'],
  ['lapsed', 'lapsed'],
  ['suspended', 'suspended'],
  ['cancelled', 'cancelled'],
  ['expired', 'expired'],
]);

/** Every English sentence the caller can hear; spoken-es.ts has each of them in Spanish. */
export const english = {
  unauthorized: 'Unauthorized',
  badRequest: "I'm sorry, I couldn't process that request. Could you try again?",
  /** A tenant's key used for another tenant: nothing was done. */
  forbidden: "I'm sorry, I'm not able to do that for this account from here. Please contact the office directly.",
  tooLarge: "I'm sorry, that was more than I can take in at once. Could you try again with less detail?",
  unexpected: "I'm having trouble with that right now. I've made a note, and someone from our team will follow up with you.",
  /** Too many tool calls from one key or tenant in a short time (HTTP 429). */
  rateLimited: "I'm sorry, our system is very busy right now. Could you give me a moment and try that again?",
  /** The webhook's time budget ran out; the work goes on and is finished or queued. */
  stillWorking: "That's taking a little longer than usual. It's in hand, and our team will confirm it with you.",

  askFor: (phrases: string[]) => `Could you tell me ${joinWithAnd(phrases, 'and')}?`,
  unclear: (phrases: string[]) => `I didn't quite catch ${joinWithAnd(phrases, 'and')}. Could you say that again?`,
  invalidPhone: INVALID_PHONE,
  /** The question for a value the domain refused, by the domain's field name. */
  askAgain: (field: string): string => AskAgain.get(field) ?? english.badRequest,

  noted: "I've noted your request, and a team member will follow up with you.",

  smsSent: (lastFour: string) => `Done, I've sent that text to the number ending in ${lastFour}. It should arrive in a moment.`,
  smsFailedTransient: "I'm sorry, I couldn't send the text message just now. I've made a note so our team can send it to you shortly.",
  /** A transient failure: the outbox will try again on its own. */
  smsQueued: (lastFour: string) => `I couldn't send the text just yet, but it's queued and will go to the number ending in ${lastFour} shortly.`,
  smsOptedOut: (lastFour: string) =>
    `I can't text the number ending in ${lastFour}, because it has opted out of our messages. Replying START to any of our texts turns them back on.`,
  smsCapReached: "I'm sorry, I can't send any more text messages on this call. A team member can send you the details instead.",
  smsFailedRefused: "I'm sorry, our text service wouldn't accept that message. I've made a note, and our team will follow up with you.",

  leadCreated: (firstName: string) => `Thank you${named(firstName)}, I've saved your details. Someone from our team will be in touch soon.`,

  messageSavedUrgent: (callerName: string) =>
    `I've passed your message on and marked it urgent${named(callerName)}. The team will call you back as soon as possible.`,
  messageSaved: (callerName: string, forPerson?: string) => {
    const recipient = speakable(forPerson);
    return `Thank you${named(callerName)}, I've passed your message on${recipient ? ` to ${recipient}` : ''}. Someone will call you back soon.`;
  },

  /** `when`: spokenDateTime(…, 'en'). */
  appointmentScheduled: (callerName: string, when: string, withTime: boolean) =>
    withTime
      ? `You're booked for ${when}${named(callerName)}. We look forward to seeing you.`
      : `You're booked for ${when}${named(callerName)}. The team will confirm the exact time with you.`,
  unclearDate: "I couldn't work out that date. Which day would you like, for example next Tuesday or December 4?",
  pastDate: PAST_DATE,
  unclearTime: "I couldn't work out that time. What time would suit you, for example 10 AM or 2:30 PM?",
  pastTime: PAST_TIME,

  policyFound: (status: string, renewal: DateTime | null) =>
    renewal
      ? `I found your policy. It's currently ${POLICY_STATUS.get(status) ?? speakable(status.replace(/_/g, ' '))}, with its renewal date on ${spokenDateTime(renewal, false, 'en')}.`
      : `I found your policy. It's currently ${POLICY_STATUS.get(status) ?? speakable(status.replace(/_/g, ' '))}.`,
  policyNotFound: "I couldn't find a policy matching those details. Could you double-check the policy number for me?",
};
