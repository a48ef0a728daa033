import { DateTime } from 'luxon';

import { INVALID_VALUE_REASONS } from '../../common/errors/domain.exception';
import { POLICY_STATUSES } from '../../policies/policy.entity';
import type { TenantLanguage } from '../../tenants/tenant.entity';
import { Spoken, SpokenCatalog, spokenDateTime, spokenIn } from './spoken-messages';

/** Caller-supplied words a language model may pass on verbatim. */
const HOSTILE = [
  '<script>',
  '<script>alert(1)</script>',
  'null',
  'NULL',
  'undefined',
  'NaN',
  'Ana. Drop table',
  'Ana. Drop table users; --',
  'x'.repeat(500),
  `${'Bartholomew '.repeat(40)}`.trim(),
  '{{caller_name}}',
  '${name}',
  '[object Object]',
  '[Ana]',
  'Ana! Really? Yes.',
  'Ana\nNew line. Second sentence.',
  '',
  '   ',
  '...',
  "O'Brien",
  'María José',
  'Nguyễn',
  '山田',
  'Ana 🙂',
  '\u202Eevil',
  'Dr. Smith',
];
const NAMES = ['Ana', 'Ana García', ...HOSTILE];

const ALL_PHRASES = [
  'the phone number to text',
  'what the text message should say',
  'your first name',
  'the best phone number to reach you',
  'your name',
  'the best number to call you back on',
  'the message you would like to leave',
  'which day you would like',
  'what the appointment is for',
  'your policy number',
  'last name',
  'email',
];

const ALL_PHRASES_ES = [
  'el número al que enviar el mensaje',
  'qué debe decir el mensaje de texto',
  'su nombre',
  'el mejor número de teléfono para comunicarnos con usted',
  'el mejor número para devolverle la llamada',
  'el mensaje que desea dejar',
  'qué día le gustaría',
  'el motivo de la cita',
  'su número de póliza',
  'apellido',
  'correo',
];

const ZONE = 'America/New_York';
const WHEN = [
  DateTime.now().setZone(ZONE).plus({ days: 3 }).set({ hour: 14, minute: 0 }),
  DateTime.now().setZone(ZONE).plus({ days: 3 }).set({ hour: 9, minute: 30 }),
  DateTime.fromISO('2031-12-04T00:00', { zone: ZONE }),
  DateTime.fromISO('2031-03-09T23:45', { zone: ZONE }),
];

// Availability offers: a time asked for and one or two free times, on its day or the next open
// ones; the longest forms (September, Wednesday, a year ahead, :45 past) included.
const LONG_DAY = DateTime.fromISO('2031-09-17T12:45', { zone: ZONE });
const YEAR_END = DateTime.fromISO('2031-12-31T11:45', { zone: ZONE });
const SOON = DateTime.now().setZone(ZONE).plus({ days: 2 }).set({ hour: 14, minute: 0, second: 0, millisecond: 0 });
const OFFERS: Array<[DateTime, DateTime[]]> = [
  [SOON, [SOON.minus({ minutes: 30 }), SOON.plus({ minutes: 30 })]],
  [SOON, [SOON.plus({ minutes: 30 })]],
  [SOON, [SOON.set({ hour: 13 }), SOON.plus({ days: 1 }).set({ hour: 9 })]],
  [SOON, [SOON.plus({ days: 3 }).set({ hour: 9 }), SOON.plus({ days: 3 }).set({ hour: 9, minute: 30 })]],
  [LONG_DAY, [LONG_DAY.set({ hour: 11, minute: 45 }), LONG_DAY.set({ hour: 13, minute: 45 })]],
  [LONG_DAY, [LONG_DAY.set({ hour: 16, minute: 45 }), LONG_DAY.plus({ days: 1 }).set({ hour: 10, minute: 45 })]],
  [
    LONG_DAY,
    [
      LONG_DAY.plus({ days: 7 }).set({ hour: 11, minute: 45 }),
      LONG_DAY.plus({ days: 14 }).set({ hour: 10, minute: 45 }),
    ],
  ],
  [LONG_DAY, [LONG_DAY.plus({ days: 7 }).set({ hour: 12, minute: 45 })]],
  // Offers in the next year, on two different days: the longest of all.
  [
    YEAR_END,
    [
      YEAR_END.plus({ days: 7 }).set({ hour: 11, minute: 45 }),
      YEAR_END.plus({ days: 14 }).set({ hour: 10, minute: 45 }),
    ],
  ],
];

/** Every entry of the catalog, rendered with representative and hostile inputs. */
function renderers(
  say: SpokenCatalog,
  language: TenantLanguage,
  phrases: string[],
): Record<keyof SpokenCatalog, () => string[]> {
  return {
    unauthorized: () => [say.unauthorized],
    badRequest: () => [say.badRequest],
    forbidden: () => [say.forbidden],
    tooLarge: () => [say.tooLarge],
    unexpected: () => [say.unexpected],
    rateLimited: () => [say.rateLimited],
    stillWorking: () => [say.stillWorking],
    askFor: () => [
      ...phrases.map((phrase) => say.askFor([phrase])),
      say.askFor(phrases.slice(0, 2)),
      say.askFor([
        'your name',
        'the best phone number to reach you',
        'which day you would like',
        'what the appointment is for',
      ]),
      say.askFor(['your name', 'the best number to call you back on', 'the message you would like to leave']),
    ],
    unclear: () => [
      ...phrases.map((phrase) => say.unclear([phrase])),
      say.unclear(['the phone number to text', 'what the text message should say']),
      say.unclear(['your first name', 'the best phone number to reach you', 'last name', 'email']),
    ],
    invalidPhone: () => [say.invalidPhone],
    askAgain: () => [...INVALID_VALUE_REASONS, undefined].map((reason) => say.askAgain(reason)),
    noted: () => [say.noted],
    smsSent: () => ['0198', '0000', '9999'].map((lastFour) => say.smsSent(lastFour)),
    smsFailedTransient: () => [say.smsFailedTransient],
    smsFailedRefused: () => [say.smsFailedRefused],
    smsQueued: () => ['0198', '0000'].map((lastFour) => say.smsQueued(lastFour)),
    smsOptedOut: () => ['0198', '0000'].map((lastFour) => say.smsOptedOut(lastFour)),
    smsDestinationRefused: () => ['0198', '0000'].map((lastFour) => say.smsDestinationRefused(lastFour)),
    smsCapReached: () => [say.smsCapReached],
    leadCreated: () => NAMES.map((name) => say.leadCreated(name)),
    leadUpdated: () => NAMES.map((name) => say.leadUpdated(name)),
    messageSavedUrgent: () => NAMES.map((name) => say.messageSavedUrgent(name)),
    messageSaved: () => [
      ...NAMES.map((name) => say.messageSaved(name)),
      ...NAMES.map((name) => say.messageSaved('Ana', name)),
      ...NAMES.map((name) => say.messageSaved(name, name)),
    ],
    appointmentScheduled: () =>
      WHEN.flatMap((local) =>
        [true, false].flatMap((withTime) =>
          NAMES.map((name) => say.appointmentScheduled(name, spokenDateTime(local, withTime, language), withTime)),
        ),
      ),
    unclearDate: () => [say.unclearDate],
    pastDate: () => [say.pastDate],
    unclearTime: () => [say.unclearTime],
    pastTime: () => [say.pastTime],
    impossibleDate: () => [say.impossibleDate],
    beyondHorizon: () => [1, 7, 30, 42, 90, 365, 730, 3650].map((days) => say.beyondHorizon(days)),
    slotTaken: () => OFFERS.map(([requested, times]) => say.slotTaken(requested, times)),
    slotOutsideHours: () => OFFERS.map(([requested, times]) => say.slotOutsideHours(requested, times)),
    dayClosed: () => OFFERS.map(([requested, times]) => say.dayClosed(requested.startOf('day'), times)),
    dayFull: () => OFFERS.map(([requested, times]) => say.dayFull(requested.startOf('day'), times)),
    freeTimesOn: () => OFFERS.map(([requested, times]) => say.freeTimesOn(requested.startOf('day'), times)),
    noFreeTimes: () => [say.noFreeTimes],
    policyFound: () =>
      POLICY_STATUSES.flatMap((status) => [
        say.policyFound(status, null),
        ...WHEN.map((renewal) => say.policyFound(status, renewal)),
        say.policyFound(status, DateTime.fromISO('2030-01-31', { zone: 'UTC' })),
      ]),
    policyNotFound: () => [say.policyNotFound],
    policyEnded: () =>
      POLICY_STATUSES.flatMap((status) =>
        [true, false].flatMap((past) =>
          [...WHEN, DateTime.fromISO('2030-01-31', { zone: 'UTC' })].map((date) => say.policyEnded(status, date, past)),
        ),
      ),
    policyVerificationNeeded: () => [say.policyVerificationNeeded],
  };
}

const LANGUAGES: Array<[TenantLanguage, string[]]> = [
  ['en', ALL_PHRASES],
  ['es', ALL_PHRASES_ES],
];

describe.each(LANGUAGES)('Spoken catalog (%s)', (language, phrases) => {
  const say = spokenIn(language);
  const RENDERERS = renderers(say, language, phrases);
  const rendered = Object.entries(RENDERERS).flatMap(([key, render]) =>
    render().map((sentence) => [key, sentence] as const),
  );

  it('has a renderer in this spec for every entry, so none goes unchecked', () => {
    expect(Object.keys(RENDERERS).sort()).toEqual(Object.keys(say).sort());
  });

  it('has every entry of the English catalog', () => {
    expect(Object.keys(say).sort()).toEqual(Object.keys(Spoken).sort());
  });

  it('renders a good number of sentences', () => {
    expect(rendered.length).toBeGreaterThan(300);
  });

  describe.each(Object.keys(RENDERERS))('%s', (key) => {
    const sentences = RENDERERS[key as keyof SpokenCatalog]();

    const sentenceCount = (sentence: string) =>
      sentence.split(/(?<=[.!?])\s+/).filter((part) => part.trim().length > 0).length;

    it('is non-empty text', () => {
      expect(sentences.length).toBeGreaterThan(0);
      expect(sentences.filter((sentence) => typeof sentence !== 'string' || sentence.trim().length === 0)).toEqual([]);
    });

    it('is one or two sentences', () => {
      expect(sentences.filter((sentence) => sentenceCount(sentence) > 2 || sentenceCount(sentence) < 1)).toEqual([]);
    });

    it('is at most 250 characters', () => {
      expect(sentences.filter((sentence) => sentence.length > 250)).toEqual([]);
    });

    it('contains no braces, brackets, angle brackets or unfilled placeholders', () => {
      expect(sentences.filter((sentence) => /[{}[\]<>$]|%s|\{\{/.test(sentence))).toEqual([]);
    });

    it('never says undefined, null or NaN', () => {
      expect(sentences.filter((sentence) => /\b(undefined|null|nan)\b/i.test(sentence))).toEqual([]);
    });

    it('reads out no ids, codes or JSON (no uuid, no run of more than 4 digits, no underscores)', () => {
      expect(sentences.filter((sentence) => /[0-9a-f]{8}-[0-9a-f]{4}|\d{5,}|_|"\w+":/i.test(sentence))).toEqual([]);
    });

    it('has no line breaks and no doubled spaces', () => {
      expect(sentences.filter((sentence) => /\n|\r| {2}/.test(sentence))).toEqual([]);
    });
  });
});

describe('Spoken sentences that carry caller words', () => {
  it('greets the caller by the first word of the name only', () => {
    expect(Spoken.leadCreated('Ana García')).toBe(
      "Thank you, Ana, I've saved your details. Someone from our team will be in touch soon.",
    );
  });

  it('drops a name that is only punctuation or a placeholder', () => {
    for (const name of ['', '   ', '...', 'null', 'undefined', 'NaN']) {
      expect(Spoken.leadCreated(name)).toBe(
        "Thank you, I've saved your details. Someone from our team will be in touch soon.",
      );
    }
  });

  it('keeps markup out but the letters in', () => {
    expect(Spoken.leadCreated('<script>')).toBe(
      "Thank you, script, I've saved your details. Someone from our team will be in touch soon.",
    );
  });

  it('does not let a name end the sentence early', () => {
    const sentence = Spoken.messageSavedUrgent('Ana. Drop table');
    expect(sentence).toBe(
      "I've passed your message on and marked it urgent, Ana. The team will call you back as soon as possible.",
    );
  });

  it('names the recipient of a message when there is one', () => {
    expect(Spoken.messageSaved('Ana', 'Carlos')).toBe(
      "Thank you, Ana, I've passed your message on to Carlos. Someone will call you back soon.",
    );
    expect(Spoken.messageSaved('Ana')).toBe(
      "Thank you, Ana, I've passed your message on. Someone will call you back soon.",
    );
  });

  it('says a policy status in words', () => {
    expect(Spoken.policyFound('active', null)).toBe("I found your policy. It's currently active.");
    const renewal = DateTime.fromObject({ year: DateTime.now().year + 3, month: 1, day: 31 }, { zone: 'UTC' });
    expect(Spoken.policyFound('active', renewal)).toBe(
      `I found your policy. It's currently active, with its renewal date on ${renewal.toFormat('cccc')}, January 31, ${renewal.year}.`,
    );
    expect(Spoken.policyFound('lapsed', null)).toBe("I found your policy. It's currently lapsed.");
  });

  it('asks for several things as one question', () => {
    expect(Spoken.askFor(['a', 'b', 'c'])).toBe('Could you tell me a, b and c?');
    expect(Spoken.unclear(['a', 'b'])).toBe("I didn't quite catch a and b. Could you say that again?");
  });

  it('asks again by the reason a value was refused', () => {
    expect(Spoken.askAgain('phone')).toBe(Spoken.invalidPhone);
    expect(Spoken.askAgain('past_date')).toBe(Spoken.pastDate);
    expect(Spoken.askAgain('past_time')).toBe(Spoken.pastTime);
    expect(Spoken.askAgain(undefined)).toBe(Spoken.badRequest);
  });
});

describe('Spanish sentences', () => {
  const es = spokenIn('es');

  it('greets, asks and confirms in Spanish', () => {
    expect(es.leadCreated('Ana García')).toBe(
      'Gracias, Ana, he guardado sus datos. Alguien de nuestro equipo se comunicará con usted pronto.',
    );
    expect(es.askFor(['su nombre', 'su número de póliza'])).toBe('¿Podría decirme su nombre y su número de póliza?');
    expect(es.smsSent('0198')).toContain('termina en 0198');
  });

  it('says a policy status in Spanish, in agreement with "la póliza"', () => {
    expect(es.policyFound('active', null)).toBe('Encontré su póliza. Actualmente está activa.');
    expect(es.policyFound('cancelled', null)).toBe('Encontré su póliza. Actualmente está cancelada.');
  });

  it('says days and times as Spanish speakers do', () => {
    const year = DateTime.now().setZone(ZONE).year;
    const afternoon = DateTime.fromObject({ year, month: 12, day: 4, hour: 14 }, { zone: ZONE });
    expect(spokenDateTime(afternoon, true, 'es')).toBe(
      `el ${afternoon.setLocale('es').toFormat('cccc')} 4 de diciembre a las 2 de la tarde`,
    );
    const morning = DateTime.fromObject({ year: year + 1, month: 3, day: 9, hour: 9, minute: 30 }, { zone: ZONE });
    expect(spokenDateTime(morning, true, 'es')).toBe(
      `el ${morning.setLocale('es').toFormat('cccc')} 9 de marzo de ${year + 1} a las 9:30 de la mañana`,
    );
    const one = DateTime.fromObject({ year, month: 12, day: 4, hour: 13 }, { zone: ZONE });
    expect(spokenDateTime(one, true, 'es')).toMatch(/a la 1 de la tarde$/);
  });
});

describe('spokenDateTime', () => {
  it('says the day, and the year only when it is not this year', () => {
    const thisYear = DateTime.now().setZone(ZONE).year;
    const local = DateTime.fromObject({ year: thisYear + 2, month: 12, day: 4, hour: 14 }, { zone: ZONE });
    expect(spokenDateTime(local, false)).toBe(local.toFormat('cccc, LLLL d, yyyy'));
    expect(spokenDateTime(local, true)).toBe(`${local.toFormat('cccc, LLLL d, yyyy')} at 2 PM`);
  });

  it('leaves the year out for this year', () => {
    const local = DateTime.now().setZone(ZONE).set({ hour: 9, minute: 30 });
    expect(spokenDateTime(local, true)).toBe(`${local.toFormat('cccc, LLLL d')} at 9:30 AM`);
  });
});

describe('missing values a language model fills a template with', () => {
  it.each(['undefined undefined', 'null null', 'NaN', 'undefined'])('never speaks %p as a name', (name) => {
    for (const sentence of [
      Spoken.leadCreated(name),
      Spoken.messageSaved('Ana', name),
      Spoken.messageSavedUrgent(name),
      Spoken.appointmentScheduled(name, 'Friday', false),
    ]) {
      expect(sentence).not.toMatch(/undefined|null|nan/i);
    }
    expect(Spoken.leadCreated(name)).toBe(
      "Thank you, I've saved your details. Someone from our team will be in touch soon.",
    );
  });

  it('keeps the real half of a half-missing name', () => {
    expect(Spoken.leadCreated('undefined Ana')).toBe(
      "Thank you, Ana, I've saved your details. Someone from our team will be in touch soon.",
    );
  });
});

describe('Spoken.askAgain', () => {
  it('asks for the request again when no reason is given', () => {
    expect(Spoken.askAgain(undefined)).toBe(Spoken.badRequest);
  });

  it.each([
    ['phone', Spoken.invalidPhone],
    ['impossible_date', Spoken.pastDate],
    ['past_date', Spoken.pastDate],
    ['past_time', Spoken.pastTime],
  ] as const)('asks again for %p', (reason, sentence) => {
    expect(Spoken.askAgain(reason)).toBe(sentence);
  });

  it.each(INVALID_VALUE_REASONS)('has a sentence for %p in every language', (reason) => {
    expect(spokenIn('es').askAgain(reason)).not.toBe(spokenIn('es').badRequest);
    expect(spokenIn('es').askAgain(reason).length).toBeGreaterThan(0);
  });
});

describe('Spoken.beyondHorizon', () => {
  it.each([
    [365, 'en', 'I can only book appointments up to a year ahead. Which nearer day would suit you?'],
    [730, 'en', 'I can only book appointments up to 2 years ahead. Which nearer day would suit you?'],
    [42, 'en', 'I can only book appointments up to 6 weeks ahead. Which nearer day would suit you?'],
    [90, 'en', 'I can only book appointments up to 90 days ahead. Which nearer day would suit you?'],
    [365, 'es', 'Solo puedo reservar citas con hasta un año de antelación. ¿Qué día más cercano le vendría bien?'],
    [90, 'es', 'Solo puedo reservar citas con hasta 90 días de antelación. ¿Qué día más cercano le vendría bien?'],
  ] as const)('says how far ahead %p days is (%s)', (days, language, sentence) => {
    expect(spokenIn(language).beyondHorizon(days)).toBe(sentence);
  });
});
