import { DateTime } from 'luxon';
import type { TenantLanguage } from '../../tenants/tenant.entity';

/** "2 de la tarde", "9:30 de la mañana", "la 1 de la tarde". */
function spanishClock(local: DateTime): string {
  const hour12 = local.hour % 12 === 0 ? 12 : local.hour % 12;
  const clock = local.minute === 0 ? `${hour12}` : `${hour12}:${local.toFormat('mm')}`;
  const part = local.hour < 12 ? 'de la mañana' : local.hour < 20 ? 'de la tarde' : 'de la noche';
  return `${hour12 === 1 ? 'la' : 'las'} ${clock} ${part}`;
}

/**
 * A day, and a time when there is one, as a receptionist says it: "Friday, December 4 at 2 PM",
 * "el viernes 4 de diciembre a las 2 de la tarde" (the year only when it is not this year).
 */
export function spokenDateTime(local: DateTime, withTime: boolean, language: TenantLanguage = 'en'): string {
  const sameYear = local.year === DateTime.now().setZone(local.zone).year;
  if (language === 'es') {
    const day = local.setLocale('es').toFormat(sameYear ? "cccc d 'de' LLLL" : "cccc d 'de' LLLL 'de' yyyy");
    return withTime ? `el ${day} a ${spanishClock(local)}` : `el ${day}`;
  }
  const day = local.setLocale('en-US').toFormat(sameYear ? 'cccc, LLLL d' : 'cccc, LLLL d, yyyy');
  if (!withTime) return day;
  return `${day} at ${local.setLocale('en-US').toFormat(local.minute === 0 ? 'h a' : 'h:mm a')}`;
}
