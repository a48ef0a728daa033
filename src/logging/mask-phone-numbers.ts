/** Fewer digits than this in a run are not a phone number (the shortest E.164 numbers have 7). */
const PHONE_MIN_DIGITS = 7;
/** What a masked number keeps visible: its last four digits, as staff read them back to callers. */
const VISIBLE_DIGITS = 4;
export const MASK = '*';

/**
 * Digits joined by what people write between them: spaces, dashes, dots, slashes, parentheses and
 * plus signs, at most three in a row (so the scan stays linear on any input).
 */
const DIGIT_RUN = /\d(?:[\s()./+-]{0,3}\d)*/g;
/** Ids and values that hold many digits but are no phone number: left whole so logs stay usable. */
const UUID =
  /(?<![0-9A-Za-z])[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(?![0-9A-Za-z])/g;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const IPV4 = /^(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

function digitCount(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 48 && code <= 57) count++;
  }
  return count;
}

function maskRun(run: string): string {
  const digits = digitCount(run);
  if (digits < PHONE_MIN_DIGITS || ISO_DATE.test(run) || IPV4.test(run)) return run;
  let toMask = digits - VISIBLE_DIGITS;
  return run.replace(/\d/g, (digit) => (toMask-- > 0 ? MASK : digit));
}

/**
 * Masks every phone number in a text but for its last four digits, keeping the layout:
 * "+1 (786) 555-0198" → "+* (***) ***-0198". Any run of 7 or more digits counts (written with
 * the usual separators between them), whatever surrounds it, so a number can hide in no format;
 * only UUIDs, ISO dates (2024-05-01) and IPv4 addresses are left whole. A run that holds more
 * than a number keeps only its own last four digits. Pure: the same text always gives the same result.
 */
export function maskPhoneNumbers(text: string): string {
  if (digitCount(text) < PHONE_MIN_DIGITS) return text;
  let masked = '';
  let from = 0;
  for (const uuid of text.matchAll(UUID)) {
    masked += text.slice(from, uuid.index).replace(DIGIT_RUN, maskRun) + uuid[0];
    from = uuid.index + uuid[0].length;
  }
  return masked + text.slice(from).replace(DIGIT_RUN, maskRun);
}

/** Whether a text could hold a phone number at all (a cheap test before parsing anything). */
export function mayHoldPhoneNumber(text: string): boolean {
  return digitCount(text) >= PHONE_MIN_DIGITS;
}
