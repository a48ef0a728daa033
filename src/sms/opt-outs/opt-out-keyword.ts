/** Keywords that opt a number out of our texts, as carriers and CTIA expect them to. */
export const OPT_OUT_KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'] as const;
/** Keywords that opt it back in. */
export const OPT_IN_KEYWORDS = ['START', 'UNSTOP'] as const;

export interface OptOutKeyword {
  /** Upper-cased, as recorded. */
  keyword: string;
  optedOut: boolean;
}

/**
 * The opt-out or opt-in keyword a text starts with, if any: its first word, with case, width
 * ("ＳＴＯＰ") and punctuation ("Stop.", "*STOP*") set aside. Anything else is not a keyword.
 */
export function readOptOutKeyword(text: string): OptOutKeyword | null {
  const [first = ''] = text.normalize('NFKC').trim().split(/\s+/, 1);
  const word = first.replace(/[^\p{L}\p{N}]/gu, '').toUpperCase();
  if ((OPT_OUT_KEYWORDS as readonly string[]).includes(word)) return { keyword: word, optedOut: true };
  if ((OPT_IN_KEYWORDS as readonly string[]).includes(word)) return { keyword: word, optedOut: false };
  return null;
}
