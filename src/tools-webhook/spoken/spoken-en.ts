import { DateTime } from 'luxon';

import type { InvalidValueReason } from '../../common/errors/domain.exception';
import type { AskAgainSentences } from './ask-again';
import { fitted, named, offeredTimes, OfferWords } from './phrasing';
import { joinWithAnd, speakable } from './speakable';
import { spokenClock, spokenDateTime, spokenDay } from './spoken-date-time';

/** "2 PM", "9:30 AM". */
const clock = (local: DateTime) => spokenClock(local, 'en');

const OFFER_WORDS: OfferWords = {
  clock,
  onOtherDay: (day, reference) => ` on ${spokenDay(day, 'en', reference.year)}`,
  or: 'or',
};
const offered = (reference: DateTime, times: DateTime[], onReferenceDay: string) =>
  offeredTimes(reference, times, onReferenceDay, OFFER_WORDS);

const either = (times: DateTime[]) => (times.length > 1 ? 'would either work?' : 'would that work?');

const firstTimes = (times: DateTime[]) =>
  times.length > 1 ? 'The first times I have are' : 'The first time I have is';

const PAST_DATE = 'That date has already passed. Which day would you like instead?';
const PAST_TIME = 'That time has already passed today. What time would suit you instead?';
const INVALID_PHONE = "I didn't catch a valid phone number. Could you repeat it, digit by digit?";

/** How far ahead a tenant books, said as a listener would: "a year", "2 years", "6 weeks", "90 days". */
function spokenSpan(days: number): string {
  const [count, unit] = days % 365 === 0 ? [days / 365, 'year'] : days % 7 === 0 ? [days / 7, 'week'] : [days, 'day'];
  return count === 1 ? `a ${unit}` : `${count} ${unit}s`;
}
const beyondHorizon = (days: number) =>
  `I can only book appointments up to ${spokenSpan(days)} ahead. Which nearer day would suit you?`;

const ASK_AGAIN: AskAgainSentences = {
  phone: INVALID_PHONE,
  // The webhook checks the calendar itself before booking; should the domain still refuse one, the day is asked again.
  impossible_date: PAST_DATE,
  past_date: PAST_DATE,
  past_time: PAST_TIME,
  // The webhook says how far ahead the tenant books (beyondHorizon); this is for a refusal that does not say.
  beyond_horizon: "That's further ahead than I can book. Which nearer day would suit you?",
};

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
  unexpected:
    "I'm having trouble with that right now. I've made a note, and someone from our team will follow up with you.",
  /** Too many tool calls from one key or tenant in a short time (HTTP 429). */
  rateLimited: "I'm sorry, our system is very busy right now. Could you give me a moment and try that again?",
  /** The webhook's time budget ran out; the work goes on and is finished or queued. */
  stillWorking: "That's taking a little longer than usual. It's in hand, and our team will confirm it with you.",

  askFor: (phrases: string[]) => `Could you tell me ${joinWithAnd(phrases, 'and')}?`,
  unclear: (phrases: string[]) => `I didn't quite catch ${joinWithAnd(phrases, 'and')}. Could you say that again?`,
  invalidPhone: INVALID_PHONE,
  /** The question for a value that was refused, by the reason; none given: ask for the request again. */
  askAgain: (reason: InvalidValueReason | undefined): string =>
    reason === undefined ? english.badRequest : ASK_AGAIN[reason],

  noted: "I've noted your request, and a team member will follow up with you.",

  smsSent: (lastFour: string) =>
    `Done, I've sent that text to the number ending in ${lastFour}. It should arrive in a moment.`,
  smsFailedTransient:
    "I'm sorry, I couldn't send the text message just now. I've made a note so our team can send it to you shortly.",
  /** A transient failure: the outbox will try again on its own. */
  smsQueued: (lastFour: string) =>
    `I couldn't send the text just yet, but it's queued and will go to the number ending in ${lastFour} shortly.`,
  smsOptedOut: (lastFour: string) =>
    `I can't text the number ending in ${lastFour}, because it has opted out of our messages. Replying START to any of our texts turns them back on.`,
  smsDestinationRefused: (lastFour: string) =>
    `I'm sorry, we can't send text messages to the number ending in ${lastFour}.`,
  smsCapReached:
    "I'm sorry, I can't send any more text messages on this call. A team member can send you the details instead.",
  smsFailedRefused:
    "I'm sorry, our text service wouldn't accept that message. I've made a note, and our team will follow up with you.",

  leadCreated: (firstName: string) =>
    `Thank you${named(firstName)}, I've saved your details. Someone from our team will be in touch soon.`,
  /** A caller already on file (same phone or email): their lead was updated, not duplicated. */
  leadUpdated: (firstName: string) =>
    `Welcome back${named(firstName)}! I've updated your details, and someone from our team will be in touch soon.`,

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
  impossibleDate: "That date doesn't exist on the calendar. Which day would you like instead?",
  /** A day further ahead than the tenant books (its bookingHorizonDays). */
  beyondHorizon,
  /** Availability: `requested` and the offered times are local to the tenant; one or two times, in order. */
  slotTaken: (requested: DateTime, times: DateTime[]) =>
    fitted(
      times,
      (shown) =>
        `I'm sorry, ${clock(requested)} on ${spokenDateTime(requested, false, 'en')} is already booked. I could do ${offered(requested, shown, ' that day')} — ${either(shown)}`,
    ),
  slotOutsideHours: (requested: DateTime, times: DateTime[]) =>
    fitted(
      times,
      (shown) =>
        `I'm sorry, an appointment at ${clock(requested)} on ${spokenDateTime(requested, false, 'en')} wouldn't fit within our opening hours. I could do ${offered(requested, shown, ' that day')} — ${either(shown)}`,
    ),
  dayClosed: (day: DateTime, times: DateTime[]) =>
    fitted(
      times,
      (shown) =>
        `I'm sorry, we're closed on ${spokenDateTime(day, false, 'en')}. ${firstTimes(shown)} ${offered(day, shown, ' that day')} — ${either(shown)}`,
    ),
  dayFull: (day: DateTime, times: DateTime[]) =>
    fitted(
      times,
      (shown) =>
        `I'm sorry, I have nothing free on ${spokenDateTime(day, false, 'en')}. ${firstTimes(shown)} ${offered(day, shown, ' that day')} — ${either(shown)}`,
    ),
  /** No time was asked for: the day's first free times, as a question. */
  freeTimesOn: (day: DateTime, times: DateTime[]) =>
    fitted(
      times,
      (shown) =>
        `I can offer ${offered(day, shown, ` on ${spokenDateTime(day, false, 'en')}`)}. ${shown.length > 1 ? 'Which would you like?' : 'Would that suit you?'}`,
    ),
  noFreeTimes:
    "I'm sorry, I don't have any free times in the coming weeks. If you leave a message, our team will call you to arrange one.",

  policyFound: (status: string, renewal: DateTime | null) =>
    renewal
      ? `I found your policy. It's currently ${POLICY_STATUS.get(status) ?? speakable(status.replace(/_/g, ' '))}, with its renewal date on ${spokenDateTime(renewal, false, 'en')}.`
      : `I found your policy. It's currently ${POLICY_STATUS.get(status) ?? speakable(status.replace(/_/g, ' '))}.`,
  policyNotFound: "I couldn't find a policy matching those details. Could you double-check the policy number for me?",
  /** A policy whose term is over (`past`) or ends on a set day: expired, lapsed or cancelled. `date`: its renewal date. */
  policyEnded: (status: string, date: DateTime, past: boolean) => {
    const day = spokenDateTime(date, false, 'en');
    const state = POLICY_STATUS.get(status) ?? speakable(status.replace(/_/g, ' '));
    if (!past) return `I found your policy. It's currently ${state}, and it ends on ${day}.`;
    if (status === 'expired') return `I found your policy. It expired on ${day}.`;
    if (status === 'lapsed') return `I found your policy. It lapsed on ${day}.`;
    return `I found your policy. It was ${state}, and it ended on ${day}.`;
  },
  /** The tenant reads a status out only to a caller who matched the holder; asked before any lookup. */
  policyVerificationNeeded: "For your security, could you tell me the policy holder's last name or date of birth?",
};
