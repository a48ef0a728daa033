// The full ("max") metadata: the default import's minimal metadata validates numbers but cannot
// tell their type (getType() answers undefined), which is what refuses premium-rate numbers.
import { NumberType, parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** How the `error` of a text refused for its destination begins. */
export const DESTINATION_REFUSED = 'SMS destination refused';

/** Number types a text may go to; anything else (premium rate, shared cost, VoIP, unknown…) is refused. */
const TEXTABLE_TYPES: ReadonlySet<NumberType> = new Set<NumberType>(['MOBILE', 'FIXED_LINE', 'FIXED_LINE_OR_MOBILE']);

const TYPE_NAMES: Partial<Record<NonNullable<NumberType>, string>> = {
  PREMIUM_RATE: 'a premium-rate number',
  SHARED_COST: 'a shared-cost number',
  TOLL_FREE: 'a toll-free number',
  VOIP: 'a VoIP or non-geographic number',
  PERSONAL_NUMBER: 'a personal (forwarding) number',
  PAGER: 'a pager number',
  UAN: 'a universal access number',
  VOICEMAIL: 'a voicemail number',
};

/**
 * Why a text may not go to `toPhone` (E.164), or null when it may (toll fraud and SMS pumping:
 * premium-rate and far-away numbers cost the sender, and pay whoever runs them).
 *
 * - Everywhere refused: every number type but mobile and fixed line, and numbers whose type the
 *   full metadata cannot tell.
 * - Per tenant: the number's country must be in `allowedCountries` (ISO 3166 alpha-2).
 */
export function smsDestinationRefusal(toPhone: string, allowedCountries: readonly string[]): string | null {
  const parsed = parsePhoneNumberFromString(toPhone);
  if (!parsed?.isValid()) return `${DESTINATION_REFUSED}: not a valid phone number`;
  const type = parsed.getType();
  if (!TEXTABLE_TYPES.has(type))
    return `${DESTINATION_REFUSED}: ${(type && TYPE_NAMES[type]) ?? `a number of type ${type ?? 'unknown'}`}`;
  if (!parsed.country || !allowedCountries.includes(parsed.country))
    return `${DESTINATION_REFUSED}: country ${parsed.country ?? 'unknown'} is not among the tenant's SMS countries (${allowedCountries.join(', ')})`;
  return null;
}
