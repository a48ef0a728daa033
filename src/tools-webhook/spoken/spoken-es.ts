import { DateTime } from 'luxon';

import type { InvalidValueReason } from '../../common/errors/domain.exception';
import type { AskAgainSentences } from './ask-again';
import { fitted, named, offeredTimes, OfferWords } from './phrasing';
import { joinWithAnd, speakable } from './speakable';
import { spokenClock, spokenDateTime, spokenDay } from './spoken-date-time';
import type { english } from './spoken-en';

/** "a las 2 de la tarde", "a la 1:30 de la tarde", "a las 9:30 de la mañana". */
const aLas = (local: DateTime) => `a ${spokenClock(local, 'es')}`;

const OFFER_WORDS: OfferWords = {
  clock: aLas,
  onOtherDay: (day, reference) => ` ${spokenDay(day, 'es', reference.year)}`,
  or: 'o',
};
const offered = (reference: DateTime, times: DateTime[], onReferenceDay: string) =>
  offeredTimes(reference, times, onReferenceDay, OFFER_WORDS);

const either = (times: DateTime[]) => (times.length > 1 ? '¿le viene bien alguno?' : '¿le viene bien?');

const PAST_DATE = 'Esa fecha ya pasó. ¿Qué otro día le vendría bien?';
const PAST_TIME = 'Esa hora ya pasó hoy. ¿A qué otra hora le vendría bien?';
const INVALID_PHONE = 'No entendí un número de teléfono válido. ¿Podría repetirlo, dígito por dígito?';

/** "un año", "2 años", "6 semanas", "90 días". */
function spokenSpan(days: number): string {
  const [count, one, many] =
    days % 365 === 0
      ? [days / 365, 'un año', 'años']
      : days % 7 === 0
        ? [days / 7, 'una semana', 'semanas']
        : [days, 'un día', 'días'];
  return count === 1 ? one : `${count} ${many}`;
}
const beyondHorizon = (days: number) =>
  `Solo puedo reservar citas con hasta ${spokenSpan(days)} de antelación. ¿Qué día más cercano le vendría bien?`;

const ASK_AGAIN: AskAgainSentences = {
  phone: INVALID_PHONE,
  // The webhook checks the calendar itself before booking; should the domain still refuse one, the day is asked again.
  impossible_date: PAST_DATE,
  past_date: PAST_DATE,
  past_time: PAST_TIME,
  beyond_horizon: 'Esa fecha está más lejos de lo que puedo reservar. ¿Qué día más cercano le vendría bien?',
};

// A policy is "la póliza", so its status agrees in the feminine.
const POLICY_STATUS = new Map([
  ['active', 'activa'],
  ['pending', 'pendiente'],
  ['lapsed', 'vencida'],
  ['suspended', 'suspendida'],
  ['cancelled', 'cancelada'],
  ['expired', 'expirada'],
]);

/** Every sentence of spoken-en.ts, in Spanish (usted: a receptionist's register). */
export const spanish: typeof english = {
  unauthorized: 'No autorizado',
  badRequest: 'Lo siento, no pude procesar esa solicitud. ¿Podría intentarlo de nuevo?',
  forbidden:
    'Lo siento, no puedo hacer eso para esta cuenta desde aquí. Por favor, comuníquese directamente con la oficina.',
  tooLarge: 'Lo siento, es más de lo que puedo recibir de una vez. ¿Podría intentarlo con menos detalles?',
  unexpected:
    'Estoy teniendo problemas con eso en este momento. Lo he anotado y alguien de nuestro equipo se comunicará con usted.',
  rateLimited:
    'Lo siento, nuestro sistema está muy ocupado en este momento. ¿Podría darme un momento e intentarlo de nuevo?',
  stillWorking: 'Esto está tardando un poco más de lo normal. Ya está en marcha y nuestro equipo se lo confirmará.',

  askFor: (phrases: string[]) => `¿Podría decirme ${joinWithAnd(phrases, 'y')}?`,
  unclear: (phrases: string[]) => `No entendí bien ${joinWithAnd(phrases, 'y')}. ¿Podría repetirlo?`,
  invalidPhone: INVALID_PHONE,
  askAgain: (reason: InvalidValueReason | undefined): string =>
    reason === undefined ? spanish.badRequest : ASK_AGAIN[reason],

  noted: 'He anotado su solicitud y un miembro del equipo se comunicará con usted.',

  smsSent: (lastFour: string) =>
    `Listo, envié ese mensaje al número que termina en ${lastFour}. Debería llegarle en un momento.`,
  smsFailedTransient:
    'Lo siento, no pude enviar el mensaje de texto en este momento. Lo he anotado para que nuestro equipo se lo envíe pronto.',
  smsQueued: (lastFour: string) =>
    `Todavía no pude enviar el mensaje, pero está en cola y saldrá pronto al número que termina en ${lastFour}.`,
  smsOptedOut: (lastFour: string) =>
    `No puedo enviar mensajes al número que termina en ${lastFour}, porque pidió no recibir nuestros mensajes. Si responde START a cualquiera de ellos, se reactivan.`,
  smsDestinationRefused: (lastFour: string) =>
    `Lo siento, no podemos enviar mensajes de texto al número que termina en ${lastFour}.`,
  smsCapReached:
    'Lo siento, no puedo enviar más mensajes de texto en esta llamada. Un miembro del equipo puede enviarle los detalles.',
  smsFailedRefused:
    'Lo siento, nuestro servicio de mensajes no aceptó ese mensaje. Lo he anotado y nuestro equipo se comunicará con usted.',

  leadCreated: (firstName: string) =>
    `Gracias${named(firstName)}, he guardado sus datos. Alguien de nuestro equipo se comunicará con usted pronto.`,
  leadUpdated: (firstName: string) =>
    `¡Qué gusto saludarle de nuevo${named(firstName)}! He actualizado sus datos y alguien de nuestro equipo se comunicará con usted pronto.`,

  messageSavedUrgent: (callerName: string) =>
    `He pasado su mensaje y lo marqué como urgente${named(callerName)}. El equipo le devolverá la llamada lo antes posible.`,
  messageSaved: (callerName: string, forPerson?: string) => {
    const recipient = speakable(forPerson);
    return `Gracias${named(callerName)}, he pasado su mensaje${recipient ? ` a ${recipient}` : ''}. Alguien le devolverá la llamada pronto.`;
  },

  /** `when`: spokenDateTime(…, 'es'), "el viernes 4 de diciembre a las 2 de la tarde". */
  appointmentScheduled: (callerName: string, when: string, withTime: boolean) =>
    withTime
      ? `Su cita quedó reservada para ${when}${named(callerName)}. Lo esperamos.`
      : `Su cita quedó reservada para ${when}${named(callerName)}. El equipo le confirmará la hora exacta.`,
  unclearDate: 'No pude entender esa fecha. ¿Qué día le gustaría, por ejemplo el próximo martes o el 4 de diciembre?',
  pastDate: PAST_DATE,
  unclearTime:
    'No pude entender esa hora. ¿A qué hora le vendría bien, por ejemplo a las 10 de la mañana o a las 2:30 de la tarde?',
  pastTime: PAST_TIME,
  impossibleDate: 'Esa fecha no existe en el calendario. ¿Qué otro día le gustaría?',
  beyondHorizon,
  slotTaken: (requested: DateTime, times: DateTime[]) =>
    fitted(
      times,
      (shown) =>
        `Lo siento, ${spokenDateTime(requested, false, 'es')} ${aLas(requested)} ya está ocupado. Tengo libre ${offered(requested, shown, ' ese mismo día')}, ${either(shown)}`,
    ),
  slotOutsideHours: (requested: DateTime, times: DateTime[]) =>
    fitted(
      times,
      (shown) =>
        `Lo siento, ${spokenDateTime(requested, false, 'es')} ${aLas(requested)} queda fuera de nuestro horario. Tengo libre ${offered(requested, shown, ' ese mismo día')}, ${either(shown)}`,
    ),
  dayClosed: (day: DateTime, times: DateTime[]) =>
    fitted(
      times,
      (shown) =>
        `Lo siento, ${spokenDateTime(day, false, 'es')} estamos cerrados. Lo primero que tengo libre es ${offered(day, shown, ' ese mismo día')}, ${either(shown)}`,
    ),
  dayFull: (day: DateTime, times: DateTime[]) =>
    fitted(
      times,
      (shown) =>
        `Lo siento, ${spokenDateTime(day, false, 'es')} no me quedan horarios libres. Lo primero que tengo libre es ${offered(day, shown, ' ese mismo día')}, ${either(shown)}`,
    ),
  freeTimesOn: (day: DateTime, times: DateTime[]) =>
    fitted(
      times,
      (shown) =>
        `Tengo libre ${offered(day, shown, ` ${spokenDateTime(day, false, 'es')}`)}. ${shown.length > 1 ? '¿Cuál prefiere?' : '¿Le viene bien?'}`,
    ),
  noFreeTimes:
    'Lo siento, no tengo horarios libres en las próximas semanas. Si deja un mensaje, nuestro equipo le llamará para coordinar una cita.',

  policyFound: (status: string, renewal: DateTime | null) =>
    renewal
      ? `Encontré su póliza. Actualmente está ${POLICY_STATUS.get(status) ?? speakable(status.replace(/_/g, ' '))}, y su fecha de renovación es ${spokenDateTime(renewal, false, 'es')}.`
      : `Encontré su póliza. Actualmente está ${POLICY_STATUS.get(status) ?? speakable(status.replace(/_/g, ' '))}.`,
  policyNotFound: 'No encontré ninguna póliza con esos datos. ¿Podría verificar el número de póliza?',
  policyEnded: (status: string, date: DateTime, past: boolean) => {
    const day = spokenDateTime(date, false, 'es');
    const state = POLICY_STATUS.get(status) ?? speakable(status.replace(/_/g, ' '));
    if (!past) return `Encontré su póliza. Actualmente está ${state} y termina ${day}.`;
    if (status === 'expired') return `Encontré su póliza. Expiró ${day}.`;
    if (status === 'lapsed') return `Encontré su póliza. Venció ${day}.`;
    return `Encontré su póliza. Está ${state} y terminó ${day}.`;
  },
  policyVerificationNeeded:
    'Por su seguridad, ¿podría decirme el apellido o la fecha de nacimiento del titular de la póliza?',
};
