import { DateTime } from 'luxon';

import type { TenantLanguage } from '../../tenants/tenant.entity';

/** A time of day as said: "2 PM", "9:30 AM"; "las 2 de la tarde", "la 1:30 de la tarde". */
export function spokenClock(local: DateTime, language: TenantLanguage): string {
  if (language === 'en') return local.setLocale('en-US').toFormat(local.minute === 0 ? 'h a' : 'h:mm a');
  const hour12 = local.hour % 12 === 0 ? 12 : local.hour % 12;
  const clock = local.minute === 0 ? `${hour12}` : `${hour12}:${local.toFormat('mm')}`;
  const part = local.hour < 12 ? 'de la mañana' : local.hour < 20 ? 'de la tarde' : 'de la noche';
  return `${hour12 === 1 ? 'la' : 'las'} ${clock} ${part}`;
}

/** A day as said: "Friday, December 4", "el viernes 4 de diciembre"; the year only when it is not `shownYearUnless`. */
export function spokenDay(local: DateTime, language: TenantLanguage, shownYearUnless: number): string {
  const sameYear = local.year === shownYearUnless;
  if (language === 'es')
    return `el ${local.setLocale('es').toFormat(sameYear ? "cccc d 'de' LLLL" : "cccc d 'de' LLLL 'de' yyyy")}`;
  return local.setLocale('en-US').toFormat(sameYear ? 'cccc, LLLL d' : 'cccc, LLLL d, yyyy');
}

/**
 * A day, and a time when there is one, as a receptionist says it: "Friday, December 4 at 2 PM",
 * "el viernes 4 de diciembre a las 2 de la tarde" (the year only when it is not this year).
 */
export function spokenDateTime(local: DateTime, withTime: boolean, language: TenantLanguage = 'en'): string {
  const day = spokenDay(local, language, DateTime.now().setZone(local.zone).year);
  if (!withTime) return day;
  return `${day} ${language === 'es' ? 'a' : 'at'} ${spokenClock(local, language)}`;
}
