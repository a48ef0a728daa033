import { policyNumberKey } from '../../policies/policy-number';
import { readSpokenNumber, SpokenToken, spokenTokens } from './number-words';

/** The longest policy number a caller can say in words ("policy alpha bravo charlie dash one two three ..."). */
export const MAX_SPOKEN_POLICY_NUMBER_LENGTH = 200;

/** The NATO spelling alphabet (and the spellings callers use for two of its words). */
const NATO = new Map<string, string>([
  ['alpha', 'A'],
  ['alfa', 'A'],
  ['bravo', 'B'],
  ['charlie', 'C'],
  ['delta', 'D'],
  ['echo', 'E'],
  ['foxtrot', 'F'],
  ['golf', 'G'],
  ['hotel', 'H'],
  ['india', 'I'],
  ['juliet', 'J'],
  ['juliett', 'J'],
  ['kilo', 'K'],
  ['lima', 'L'],
  ['mike', 'M'],
  ['november', 'N'],
  ['oscar', 'O'],
  ['papa', 'P'],
  ['quebec', 'Q'],
  ['romeo', 'R'],
  ['sierra', 'S'],
  ['tango', 'T'],
  ['uniform', 'U'],
  ['victor', 'V'],
  ['whiskey', 'W'],
  ['whisky', 'W'],
  ['xray', 'X'],
  ['yankee', 'Y'],
  ['zulu', 'Z'],
]);

/** Words for the punctuation inside a number, which the comparable form drops anyway. */
const SEPARATORS = new Set([
  'dash',
  'hyphen',
  'minus',
  'slash',
  'dot',
  'point',
  'space',
  'guion',
  'raya',
  'barra',
  'punto',
  'espacio',
]);

/** Words around a policy number that are not part of it ("my policy number is ..."). */
const FILLER = new Set([
  'my',
  'policy',
  'number',
  'is',
  'its',
  "it's",
  'the',
  'and',
  'mi',
  'poliza',
  'numero',
  'de',
  'es',
  'el',
  'la',
]);

/** Words that introduce a spelling word after a letter: "b as in bravo", "be de Barcelona". */
const AS_IN = [['as', 'in'], ['like'], ['for'], ['de'], ['como'], ['como', 'en']];

/** The letter a word stands for: a single letter ("p", "o", "l") or a NATO word ("papa"). */
function letterOf(token: SpokenToken | undefined): string | null {
  if (!token || token.word === null) return null;
  if (/^\p{L}$/u.test(token.word)) return token.word.toUpperCase();
  return NATO.get(token.word) ?? null;
}

/** The index of the next token that is a word or digits, past spaces and punctuation. */
function nextWord(tokens: readonly SpokenToken[], from: number): number {
  let index = from;
  while (index < tokens.length && tokens[index].word === null && !/\d/.test(tokens[index].text)) index += 1;
  return index;
}

/** After a letter at `index`: the last index of "as in <word starting with that letter>", or null. */
function spellingWordAfter(tokens: readonly SpokenToken[], index: number, letter: string): number | null {
  for (const phrase of AS_IN) {
    let at = index;
    let matched = true;
    for (const word of phrase) {
      at = nextWord(tokens, at + 1);
      if (tokens[at]?.word !== word) {
        matched = false;
        break;
      }
    }
    if (!matched) continue;
    const spelled = nextWord(tokens, at + 1);
    if (tokens[spelled]?.word?.toUpperCase().startsWith(letter)) return spelled;
  }
  return null;
}

/**
 * A policy number as a caller says it, with the words spelled out turned into characters: "policy
 * a b c dash one two three" → "ABC123", "p o l seven seven eight" → "POL778", "alpha bravo double
 * seven" → "AB77". It knows single letters, NATO words, number words in English and Spanish,
 * "double"/"triple"/"doble", "dash"/"guión" and "b as in bravo"; other words are kept as written
 * ("HOM 2024" stays). policyNumberKey then gives the comparable form.
 */
export function policyNumberFromSpeech(text: string): string {
  const tokens = spokenTokens(text.replace(/\bx-ray\b/gi, 'xray'));
  const out: string[] = [];
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index];
    const number = readSpokenNumber(tokens, index);
    if (number) {
      out.push(number.digits);
      index = number.last;
      continue;
    }
    const word = token.word;
    if (word === null) {
      out.push(token.text);
      continue;
    }
    const letter = letterOf(token);
    if (letter !== null) {
      out.push(letter);
      index = spellingWordAfter(tokens, index, letter) ?? index;
      continue;
    }
    if (word === 'double' || word === 'triple' || word === 'doble') {
      // "double a": a repeated letter (a repeated digit is read by readSpokenNumber).
      const next = nextWord(tokens, index + 1);
      const repeated = letterOf(tokens[next]);
      if (repeated !== null) {
        out.push(repeated.repeat(word === 'triple' ? 3 : 2));
        index = next;
        continue;
      }
    }
    if (SEPARATORS.has(word) || FILLER.has(word)) {
      out.push(' ');
      continue;
    }
    out.push(token.text);
  }
  return out.join('');
}

/**
 * The keys a caller's policy number may have, the likelier first: as spelled out in words ("a b c
 * one two three" → ABC123), then as written, for a number that really holds such a word ("ZULU-1").
 */
export function callerPolicyNumberKeys(raw: string): string[] {
  const keys = [policyNumberKey(policyNumberFromSpeech(raw)), policyNumberKey(raw)].filter((key) => key.length > 0);
  return [...new Set(keys)];
}
