/**
 * Caller-supplied words that go into a spoken sentence: only letters, digits, spaces and a
 * little punctuation survive, so nothing like markup, braces or sentence breaks reaches the voice.
 */
export function speakable(text: string | undefined | null, maxLength = 40): string {
  if (!text) return '';
  const cleaned = text
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}' -]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, maxLength)
    .trim();
  // A language model filling a template with missing values says "undefined undefined".
  return cleaned
    .split(' ')
    .filter((word) => !/^(null|undefined|nan)$/i.test(word))
    .join(' ');
}

/** "Ana", "Ana and Luis", "Ana, Luis and Rosa" (`and`: the language's word, "y" in Spanish). */
export function joinWithAnd(parts: string[], and = 'and'): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} ${and} ${parts[parts.length - 1]}`;
}
