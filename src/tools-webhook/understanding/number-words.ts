/**
 * Numbers as callers say them digit by digit, in English and Spanish: the shared vocabulary of
 * spoken phone numbers (src/common/phone) and policy numbers (src/policies). Words are compared
 * in lower case without accents ("Dieciséis" → "dieciseis").
 */

/** One digit ("oh" is how English speakers say 0 inside a number). */
const DIGITS = new Map<string, string>([
  ['zero', '0'],
  ['oh', '0'],
  ['nought', '0'],
  ['one', '1'],
  ['two', '2'],
  ['three', '3'],
  ['four', '4'],
  ['five', '5'],
  ['six', '6'],
  ['seven', '7'],
  ['eight', '8'],
  ['nine', '9'],
  ['cero', '0'],
  ['uno', '1'],
  ['un', '1'],
  ['una', '1'],
  ['dos', '2'],
  ['tres', '3'],
  ['cuatro', '4'],
  ['cinco', '5'],
  ['seis', '6'],
  ['siete', '7'],
  ['ocho', '8'],
  ['nueve', '9'],
]);

/** Two digits said as one number ("twelve", "veintitrés"): Spanish speakers read numbers in pairs. */
const PAIRS = new Map<string, string>([
  ['ten', '10'],
  ['eleven', '11'],
  ['twelve', '12'],
  ['thirteen', '13'],
  ['fourteen', '14'],
  ['fifteen', '15'],
  ['sixteen', '16'],
  ['seventeen', '17'],
  ['eighteen', '18'],
  ['nineteen', '19'],
  ['diez', '10'],
  ['once', '11'],
  ['doce', '12'],
  ['trece', '13'],
  ['catorce', '14'],
  ['quince', '15'],
  ['dieciseis', '16'],
  ['diecisiete', '17'],
  ['dieciocho', '18'],
  ['diecinueve', '19'],
  ['veintiuno', '21'],
  ['veintiun', '21'],
  ['veintidos', '22'],
  ['veintitres', '23'],
  ['veinticuatro', '24'],
  ['veinticinco', '25'],
  ['veintiseis', '26'],
  ['veintisiete', '27'],
  ['veintiocho', '28'],
  ['veintinueve', '29'],
]);

/** Tens, which take a following unit ("ninety eight", "noventa y ocho") or stand for themselves ("twenty" → 20). */
const TENS = new Map<string, string>([
  ['twenty', '2'],
  ['thirty', '3'],
  ['forty', '4'],
  ['fifty', '5'],
  ['sixty', '6'],
  ['seventy', '7'],
  ['eighty', '8'],
  ['ninety', '9'],
  ['veinte', '2'],
  ['treinta', '3'],
  ['cuarenta', '4'],
  ['cincuenta', '5'],
  ['sesenta', '6'],
  ['setenta', '7'],
  ['ochenta', '8'],
  ['noventa', '9'],
]);

/** After a digit: "eight hundred" → 800, "dos mil" → 2000. */
const ZEROS = new Map<string, string>([
  ['hundred', '00'],
  ['thousand', '000'],
  ['cien', '00'],
  ['mil', '000'],
]);

/** Before a digit: "double five" → 55, "triple two" → 222. */
const REPEATS = new Map<string, number>([
  ['double', 2],
  ['triple', 3],
  ['doble', 2],
]);

/** Words that join tens and units ("noventa y ocho", "ninety-and-eight" is rare but harmless). */
const JOINERS = new Set(['y', 'and']);

/** A piece of what the caller said: a word (`word`: its plain form) or anything else (`word` null). */
export interface SpokenToken {
  readonly text: string;
  readonly word: string | null;
}

/** Lower case without accents: "Dieciséis" → "dieciseis", "Guión" → "guion". */
export function plainWord(word: string): string {
  return word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Words, runs of digits, a plus sign, and runs of anything else. */
export function spokenTokens(text: string): SpokenToken[] {
  return (text.match(/[\p{L}\p{M}']+|\d+|\+|[^\p{L}\p{M}\d+]+/gu) ?? []).map((token) => ({
    text: token,
    word: /^[\p{L}\p{M}']+$/u.test(token) ? plainWord(token) : null,
  }));
}

/** Whether a plain word is part of how numbers are said. */
export function isNumberWord(word: string): boolean {
  return DIGITS.has(word) || PAIRS.has(word) || TENS.has(word) || REPEATS.has(word) || ZEROS.has(word);
}

/** The index of the next token that says something, past spaces, dashes and "y"/"and". */
function nextMeaningful(tokens: readonly SpokenToken[], from: number): number {
  let index = from;
  while (
    index < tokens.length &&
    ((tokens[index].word !== null && JOINERS.has(tokens[index].word!)) || /^[\s-]+$/.test(tokens[index].text))
  ) {
    index += 1;
  }
  return index;
}

/** Digits of one token on its own: a digit run, a digit word or a pair word. */
function simpleDigits(token: SpokenToken | undefined, digitWords: ReadonlyMap<string, string>): string | null {
  if (!token) return null;
  if (token.word === null) return /^\d+$/.test(token.text) ? token.text : null;
  return digitWords.get(token.word) ?? DIGITS.get(token.word) ?? PAIRS.get(token.word) ?? null;
}

/**
 * The number said from `tokens[index]` on: its digits and the index of the last token it used,
 * or null when that token says no number. Understands digit words, pairs ("doce"), tens with or
 * without a unit ("ninety eight", "noventa y ocho", "twenty"), "double"/"triple"/"doble" before
 * a digit and "hundred"/"thousand"/"mil" after one. `digitWords`: more words for one digit (a
 * lone "o" for phone numbers, where it cannot be a letter).
 */
export function readSpokenNumber(
  tokens: readonly SpokenToken[],
  index: number,
  digitWords: ReadonlyMap<string, string> = new Map(),
): { digits: string; last: number } | null {
  const token = tokens[index];
  if (!token) return null;
  const word = token.word;

  if (word !== null && REPEATS.has(word)) {
    const next = nextMeaningful(tokens, index + 1);
    const repeated = simpleDigits(tokens[next], digitWords);
    if (repeated === null) return null;
    return { digits: repeated.length === 1 ? repeated.repeat(REPEATS.get(word)!) : repeated, last: next };
  }

  let digits: string | null;
  let last = index;
  if (word !== null && TENS.has(word)) {
    const next = nextMeaningful(tokens, index + 1);
    const unit = tokens[next]?.word ? (digitWords.get(tokens[next].word) ?? DIGITS.get(tokens[next].word)) : undefined;
    // "oh" after a ten is a zero of its own ("twenty oh five"), not its unit.
    if (unit !== undefined && unit !== '0') {
      digits = TENS.get(word)! + unit;
      last = next;
    } else digits = `${TENS.get(word)!}0`;
  } else {
    digits = simpleDigits(token, digitWords);
  }
  if (digits === null) return null;

  // "eight hundred", "dos mil": zeros after a digit said in words.
  const after = nextMeaningful(tokens, last + 1);
  const zeros = tokens[after]?.word ? ZEROS.get(tokens[after].word) : undefined;
  if (zeros !== undefined && digits.length === 1) return { digits: digits + zeros, last: after };
  return { digits, last };
}
