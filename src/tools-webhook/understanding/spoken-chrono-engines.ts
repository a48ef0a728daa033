import * as chrono from 'chrono-node';

/**
 * chrono-node, tuned for what callers say on the phone: stock `en` (US order, 12/4 = December 4)
 * and `es` (day first, 4/12 = 4 de diciembre) parsers, plus a few spoken forms chrono does not
 * know ("two thirty in the afternoon", "half past two", "a las dos y media de la tarde",
 * "pasado mañana", "the 20th"). Dates are read as components; meaning (next occurrence,
 * business hours, DST) is given to them by spoken-date-time.ts.
 */
export type SpokenLanguage = 'en' | 'es';

/** Results of "next week", "this month": a period, not a day (kept only to anchor "next week Friday"). */
export const PERIOD_TAG = 'spoken/period';
/** Results of our own parsers that are a lone number ("10" as the time): chrono drops lone numbers. */
const BARE_HOUR_TAG = 'spoken/bareHour';

const LETTER_OR_DIGIT = /[\p{L}\d]/u;
const END = String.raw`(?=$|[^\p{L}\d:])`;

function words(list: string[]): Map<string, number> {
  return new Map(list.map((word, index) => [word, index + 1]));
}

const EN_UNITS = words(['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine']);
const EN_HOURS = words([
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
]);
const EN_TEENS = new Map(
  ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'].map(
    (word, index) => [word, index + 10],
  ),
);
const EN_TENS = new Map([
  ['twenty', 20],
  ['thirty', 30],
  ['forty', 40],
  ['fifty', 50],
]);
const ES_HOURS = new Map([
  ['una', 1],
  ['uno', 1],
  ['dos', 2],
  ['tres', 3],
  ['cuatro', 4],
  ['cinco', 5],
  ['seis', 6],
  ['siete', 7],
  ['ocho', 8],
  ['nueve', 9],
  ['diez', 10],
  ['once', 11],
  ['doce', 12],
]);
const ES_MINUTES = new Map([
  ['cuarto', 15],
  ['media', 30],
  ['cinco', 5],
  ['diez', 10],
  ['quince', 15],
  ['veinte', 20],
  ['veinticinco', 25],
  ['treinta', 30],
  ['treinta y cinco', 35],
  ['cuarenta', 40],
  ['cuarenta y cinco', 45],
  ['cincuenta', 50],
  ['cincuenta y cinco', 55],
]);

const alternation = (keys: Iterable<string>) =>
  [...keys]
    .sort((a, b) => b.length - a.length)
    .map((key) => key.replace(/ /g, String.raw`\s+`))
    .join('|');

const EN_HOUR = `${alternation(EN_HOURS.keys())}|\\d{1,2}`;
const EN_MINUTE = `(?:oh|o)\\s+(?:${alternation(EN_UNITS.keys())})|${alternation(EN_TEENS.keys())}|(?:${alternation(EN_TENS.keys())})(?:[\\s-]+(?:${alternation(EN_UNITS.keys())}))?`;
const EN_DAY_PART = String.raw`in\s+the\s+morning|in\s+the\s+afternoon|in\s+the\s+evening|at\s+night|tonight|this\s+(?:morning|afternoon|evening)|[ap]\.?\s?m\b\.?`;
const OCLOCK = String.raw`o['’]?\s?clock`;
const ES_HOUR = `${alternation(ES_HOURS.keys())}|\\d{1,2}`;
const ES_MINUTE = `${alternation(ES_MINUTES.keys())}|\\d{1,2}`;
const ES_DAY_PART = String.raw`(?:de|por|en)\s+la\s+(?:mañana|madrugada|tarde|noche)|del\s+mediod[ií]a|[ap]\.?\s?m\b\.?`;

function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\s-]+/g, ' ')
    .trim();
}

function englishNumber(text: string): number {
  const spoken = normalize(text);
  if (/^\d+$/.test(spoken)) return Number(spoken);
  const [first, second] = spoken.replace(/^(?:oh|o) /, '').split(' ');
  return (
    (EN_HOURS.get(first) ?? EN_TEENS.get(first) ?? EN_TENS.get(first) ?? NaN) +
    (second ? (EN_UNITS.get(second) ?? NaN) : 0)
  );
}

function spanishNumber(text: string, table: Map<string, number>): number {
  const spoken = normalize(text);
  return /^\d+$/.test(spoken) ? Number(spoken) : (table.get(spoken) ?? NaN);
}

/** 'am' | 'pm' from "in the afternoon", "p.m.", "de la tarde"; night and noon words by the hour. */
function meridiemOf(dayPart: string | undefined, hour: number): 'am' | 'pm' | undefined {
  if (!dayPart) return undefined;
  const part = normalize(dayPart);
  if (/^a\.? ?m/.test(part) || part.includes('morning') || part.includes('mañana') || part.includes('madrugada'))
    return 'am';
  if (
    /^p\.? ?m/.test(part) ||
    part.includes('afternoon') ||
    part.includes('evening') ||
    part.includes('tarde') ||
    part.includes('mediod')
  )
    return 'pm';
  // "at night", "de la noche": 9 at night is 21:00, but 1 at night is 1:00 and 12 is midnight.
  return hour >= 6 && hour !== 12 ? 'pm' : 'am';
}

/** A wall time as chrono components: 24-hour when a day part was said, else as said (1–12). */
function timeResult(
  context: chrono.ParsingContext,
  index: number,
  text: string,
  hour: number,
  minute: number,
  dayPart?: string,
): chrono.ParsingResult | null {
  if (!Number.isInteger(hour) || !Number.isInteger(minute) || hour < 0 || hour > 23 || minute < 0 || minute > 59)
    return null;
  const result = context.createParsingResult(index, text);
  const meridiem = hour <= 12 ? meridiemOf(dayPart, hour) : undefined;
  if (meridiem === 'pm') {
    result.start.assign('hour', hour === 12 ? 12 : hour + 12).assign('meridiem', chrono.Meridiem.PM);
  } else if (meridiem === 'am') {
    result.start.assign('hour', hour === 12 ? 0 : hour).assign('meridiem', chrono.Meridiem.AM);
  } else {
    result.start.assign('hour', hour);
  }
  result.start.assign('minute', minute);
  return result.addTag('parser/spokenTime');
}

/** A parser from a pattern: matches only on a word boundary (chrono restarts patterns mid-text). */
function spokenParser(
  pattern: RegExp,
  extract: (context: chrono.ParsingContext, match: RegExpMatchArray) => chrono.ParsingResult | null,
): chrono.Parser {
  return {
    pattern: () => pattern,
    extract: (context, match) => {
      const index = match.index ?? 0;
      if (index > 0 && LETTER_OR_DIGIT.test(context.text[index - 1])) return null;
      return extract(context, match);
    },
  };
}

/** "two thirty", "ten in the morning", "at two", "two o'clock", "two pm". */
const englishWordTime = spokenParser(
  new RegExp(
    `(at\\s+)?(${alternation(EN_HOURS.keys())})(?:\\s*(${OCLOCK})|[\\s-]+(${EN_MINUTE}))?(?:\\s*(${EN_DAY_PART}))?${END}`,
    'iu',
  ),
  (context, match) => {
    const [text, at, hour, oclock, minute, dayPart] = match;
    // A lone "two" inside other words ("in two weeks") is no time; said alone, it is one.
    if (!at && !oclock && !minute && !dayPart && normalize(context.text) !== normalize(text)) return null;
    return timeResult(
      context,
      match.index ?? 0,
      text,
      englishNumber(hour),
      minute ? englishNumber(minute) : 0,
      dayPart,
    );
  },
);

/** "half past two", "quarter to three", "five past two", "twenty after 4", "ten of five in the afternoon". */
const englishPastTo = spokenParser(
  new RegExp(
    `(?:at\\s+)?(half|(?:a\\s+)?quarter|${EN_MINUTE}|${alternation(EN_UNITS.keys())}|\\d{1,2})(?:\\s+minutes?)?\\s+(past|after|to|before|till|til|of)\\s+(${EN_HOUR})(?:\\s*${OCLOCK})?(?:\\s*(${EN_DAY_PART}))?${END}`,
    'iu',
  ),
  (context, match) => {
    const [text, amount, direction, hourText, dayPart] = match;
    const spoken = normalize(amount);
    const minutes = spoken === 'half' ? 30 : spoken.endsWith('quarter') ? 15 : englishNumber(amount);
    const hour = englishNumber(hourText);
    // Spoken minutes before or after the hour come in fives; "2 to 3" is a range, not 2:58.
    if (!(minutes > 0 && minutes < 60 && minutes % 5 === 0 && hour >= 1 && hour <= 12)) return null;
    const before = ['to', 'before', 'till', 'til', 'of'].includes(normalize(direction));
    // "quarter to one" is 12:45; the hour keeps its spoken 1–12 form for the business-hours rule.
    const spokenHour = before ? (hour === 1 ? 12 : hour - 1) : hour;
    return timeResult(context, match.index ?? 0, text, spokenHour, before ? 60 - minutes : minutes, dayPart);
  },
);

/** "midday" (chrono knows noon and midnight). */
const englishMidday = spokenParser(new RegExp(`(?:at\\s+)?midday${END}`, 'iu'), (context, match) =>
  timeResult(context, match.index ?? 0, match[0], 12, 0, 'pm'),
);

/** "a las dos", "a las dos y media de la tarde", "la una menos cuarto", "a las 3 de la tarde". */
const spanishTime = spokenParser(
  new RegExp(
    `(a\\s+las?\\s+|las?\\s+)?(${ES_HOUR})(?::(\\d{2})|\\s+y\\s+(${ES_MINUTE})|\\s+menos\\s+(${ES_MINUTE}))?(\\s+en\\s+punto)?(?:\\s+(${ES_DAY_PART}))?${END}`,
    'iu',
  ),
  (context, match) => {
    const [text, article, hourText, digits, words, minus, sharp, dayPart] = match;
    const plus = digits ?? words;
    if (!article && !plus && !minus && !sharp && !dayPart && normalize(context.text) !== normalize(text)) return null;
    // Bare digits belong to chrono ("4 de diciembre"), unless the whole text is the hour.
    if (!article && /^\d/.test(hourText) && !dayPart && normalize(context.text) !== normalize(text)) return null;
    const hour = spanishNumber(hourText, ES_HOURS);
    if (minus) {
      const minutes = spanishNumber(minus, ES_MINUTES);
      if (!(minutes > 0 && minutes < 60 && hour >= 1 && hour <= 12)) return null;
      return timeResult(context, match.index ?? 0, text, hour === 1 ? 12 : hour - 1, 60 - minutes, dayPart);
    }
    return timeResult(context, match.index ?? 0, text, hour, plus ? spanishNumber(plus, ES_MINUTES) : 0, dayPart);
  },
);

/** "al mediodía", "a medianoche" (chrono's "mediodía" leaves the hour uncertain). */
const spanishNoon = spokenParser(
  new RegExp(`(?:a\\s+)?(?:al\\s+|el\\s+|la\\s+)?(mediod[ií]a|medianoche)${END}`, 'iu'),
  (context, match) =>
    normalize(match[1]).startsWith('mediod')
      ? timeResult(context, match.index ?? 0, match[0], 12, 0, 'pm')
      : timeResult(context, match.index ?? 0, match[0], 0, 0),
);

/** A time field that is only a number or an hour word: "10", "17", "two", "dos". */
function bareHour(hours: Map<string, number>): chrono.Parser {
  return spokenParser(new RegExp(`^\\s*(\\d{1,2}|${alternation(hours.keys())})\\s*$`, 'iu'), (context, match) => {
    if ((match.index ?? 0) !== 0) return null;
    const hour = /^\d/.test(match[1]) ? Number(match[1]) : (hours.get(normalize(match[1])) ?? NaN);
    return timeResult(context, 0, match[0], hour, 0)?.addTag(BARE_HOUR_TAG) ?? null;
  });
}

/** "the day after tomorrow" / "pasado mañana" (chrono reads only "tomorrow" / "mañana" in them). */
function dayAfterTomorrow(pattern: RegExp): chrono.Parser {
  return spokenParser(pattern, (context, match) => {
    const result = context.createParsingResult(match.index ?? 0, match[0]);
    result.start = chrono.ParsingComponents.createRelativeFromReference(context.reference, { day: 2 });
    return result.addTag('parser/spokenDayAfterTomorrow');
  });
}

const EN_WEEKDAY_NUMBERS = new Map(
  ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'].map((name, index) => [name, index]),
);

/** "the Friday after next": the coming Friday's following one (chrono reads only "Friday"). */
const englishWeekdayAfterNext = spokenParser(
  new RegExp(`(?:the\\s+)?(${alternation(EN_WEEKDAY_NUMBERS.keys())})\\s+after\\s+next${END}`, 'iu'),
  (context, match) => {
    const weekday = EN_WEEKDAY_NUMBERS.get(normalize(match[1])) ?? 0;
    const ahead = ((weekday - context.refDate.getDay() + 7) % 7 || 7) + 7;
    const result = context.createParsingResult(match.index ?? 0, match[0]);
    result.start = chrono.ParsingComponents.createRelativeFromReference(context.reference, { day: ahead });
    return result.addTag('parser/spokenWeekdayAfterNext');
  },
);

/** "the 20th", "on the 4th", "el 20", "el día 4": a day of the month, month and year left open. */
function dayOfMonth(pattern: RegExp): chrono.Parser {
  return spokenParser(pattern, (context, match) => {
    const day = Number(match[1] ?? match[2]);
    if (day < 1 || day > 31) return null;
    return context.createParsingResult(match.index ?? 0, match[0], { day }).addTag('parser/spokenDayOfMonth');
  });
}

/** chrono's validity filter drops "February 30"; we keep it, to answer "impossible" rather than "unclear". */
const keepImpossibleDates: chrono.Refiner = {
  refine: (_context, results) =>
    results.filter((result) => result.tags().has(BARE_HOUR_TAG) || !/^\d*(\.\d*)?$/.test(result.text.replace(' ', ''))),
};

/** "next week", "this month": marked as periods rather than days. */
function periodParser(inner: chrono.Parser): chrono.Parser {
  return {
    pattern: (context) => inner.pattern(context),
    extract: (context, match) => {
      const extracted = inner.extract(context, match);
      return extracted instanceof chrono.ParsingComponents || extracted instanceof chrono.ParsingResult
        ? extracted.addTag(PERIOD_TAG)
        : extracted;
    },
  };
}

function tune(base: chrono.Chrono, hours: Map<string, number>, parsers: chrono.Parser[]): chrono.Chrono {
  const engine = base.clone();
  // Class names are chrono-node's own (2.x, not minified); the unit tests pin both behaviours.
  const stock = engine.parsers.map((parser) =>
    parser.constructor.name === 'ENRelativeDateFormatParser' ? periodParser(parser) : parser,
  );
  // First, so that a lone "10" is our hour rather than chrono's lone number, which is then dropped.
  engine.parsers = [bareHour(hours), ...stock, ...parsers];
  engine.refiners = engine.refiners.map((refiner) =>
    refiner.constructor.name === 'UnlikelyFormatFilter' ? keepImpossibleDates : refiner,
  );
  return engine;
}

export const chronoEngines: Record<SpokenLanguage, chrono.Chrono> = {
  en: tune(chrono.en.casual, EN_HOURS, [
    englishWordTime,
    englishPastTo,
    englishMidday,
    dayAfterTomorrow(new RegExp(`(?:the\\s+)?day\\s+after\\s+tomorrow${END}`, 'iu')),
    englishWeekdayAfterNext,
    dayOfMonth(new RegExp(`(?:on\\s+)?the\\s+(\\d{1,2})(?:st|nd|rd|th)(?!\\s+of\\b)${END}`, 'iu')),
  ]),
  es: tune(chrono.es.casual, ES_HOURS, [
    spanishTime,
    spanishNoon,
    dayAfterTomorrow(new RegExp(`pasado\\s+mañana${END}`, 'iu')),
    dayOfMonth(
      new RegExp(
        `(?:el\\s+)?d[ií]a\\s+(\\d{1,2})(?!\\s+de\\b)${END}|el\\s+(\\d{1,2})(?!\\s+de\\b|\\s*[/.-]\\d)${END}`,
        'iu',
      ),
    ),
  ]),
};
