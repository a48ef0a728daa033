import { isNumberWord, readSpokenNumber, spokenTokens } from './number-words';

/** The longest phone number a caller can say in words ("my number is seven eight six, ..."). */
export const MAX_SPOKEN_PHONE_LENGTH = 200;

/** In a phone number a lone "o" can only be a zero ("seven o seven"). */
const PHONE_DIGIT_WORDS = new Map([['o', '0']]);
const PLUS = new Set(['plus', 'mas']);
const EXTENSION = new Set(['extension', 'ext']);
/** Words around a number that say nothing about it ("my number is ..."). */
const FILLER = new Set([
  'my',
  'number',
  'phone',
  'is',
  'its',
  "it's",
  'the',
  'it',
  'cell',
  'mobile',
  'mi',
  'numero',
  'telefono',
  'celular',
  'movil',
  'es',
  'el',
]);

/**
 * A phone number as a caller says it, with its number words turned into digits, so that
 * libphonenumber can read it: "seven eight six, five five five, oh one nine eight" → "7 8 6 5 5 5 0 1 9 8",
 * "plus one ... double five" → "+1 ... 55", "seis doce treinta y cuatro" → "6 12 34".
 * Text without any number word comes back unchanged (libphonenumber reads "tel:", "ext. 12" and
 * the like itself). Words it does not know are kept, so that a sentence is not mistaken for a number.
 */
export function phoneDigitsFromSpeech(text: string): string {
  const tokens = spokenTokens(text);
  if (!tokens.some(({ word }) => word !== null && (isNumberWord(word) || PLUS.has(word)))) return text;

  const out: string[] = [];
  for (let index = 0; index < tokens.length; index += 1) {
    const { text: token, word } = tokens[index];
    const number = readSpokenNumber(tokens, index, PHONE_DIGIT_WORDS);
    if (number) {
      out.push(number.digits);
      index = number.last;
    } else if (token === '+' || (word !== null && PLUS.has(word))) {
      out.push('+');
    } else if (word !== null && EXTENSION.has(word)) {
      out.push('ext');
    } else if (word !== null && !FILLER.has(word)) {
      out.push(token);
    }
    // Spaces, commas, dots, dashes and brackets only separate groups here.
    out.push(' ');
  }
  return out.join('').replace(/\s+/g, ' ').replace(/\+ /g, '+').trim();
}
