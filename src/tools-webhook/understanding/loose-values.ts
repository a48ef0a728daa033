/**
 * class-transformer functions that accept the loose values a language model sends when they have
 * one clear meaning, and leave anything else for validation to refuse or for an optional
 * argument to be treated as absent.
 */
type TransformInput = { value: unknown };

const TRUE_WORDS = new Set(['true', 'yes', 'y', 'yeah', 'yep', 'si', 'sí', '1', 'urgent', 'high']);
const FALSE_WORDS = new Set(['false', 'no', 'n', 'nope', '0', 'not urgent', 'normal', 'low']);

/** Text, trimmed and with runs of white space folded; numbers become their digits; blanks and null become absent. */
export function looseText({ value }: TransformInput): unknown {
  // `null` is how a model says "not given": absent, never a value handlers would have to test for.
  if (value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return value;
  // NUL has no meaning in speech, and PostgreSQL text columns refuse it.
  const text = value.replaceAll('\u0000', '').replace(/\s+/g, ' ').trim();
  return text.length === 0 ? undefined : text;
}

/** true / "yes" / "urgent" → true; false / "no" → false; anything else → absent. */
export function looseBoolean({ value }: TransformInput): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : undefined;
  if (typeof value !== 'string') return undefined;
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}

const HOUR_WORDS: Record<string, number> = {
  'an hour': 60,
  'one hour': 60,
  'half an hour': 30,
  'half hour': 30,
  'a half hour': 30,
  'an hour and a half': 90,
  'two hours': 120,
};

/** 30, "30", "30 minutes", "1 hour", "half an hour" → minutes; anything else → absent. */
export function looseMinutes({ value }: TransformInput): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim().toLowerCase();
  if (HOUR_WORDS[text] !== undefined) return HOUR_WORDS[text];
  const minutes = /^(\d{1,3})\s*(m|min|mins|minute|minutes)?$/.exec(text);
  if (minutes) return Number(minutes[1]);
  const hours = /^(\d{1,2}(?:\.\d+)?)\s*(h|hr|hrs|hour|hours)$/.exec(text);
  if (hours) return Math.round(Number(hours[1]) * 60);
  return undefined;
}
