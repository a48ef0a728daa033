/**
 * How many billed SMS segments a text costs (3GPP TS 23.038 and 23.040, as carriers bill it).
 *
 * A text written only in the GSM-7 alphabet takes 160 septets in one segment, or 153 per part
 * once split (the rest is the concatenation header); the extension table's characters
 * (`^ { } \ [ ~ ] | €` and form feed) take two septets and are never split across parts. Any other
 * character makes the whole text UCS-2: 70 UTF-16 units in one segment, 67 per part, and a
 * character outside the BMP (an emoji) takes two units that are never split either.
 */
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENSION = '\f^{}\\[~]|€';

const BASIC = new Set(GSM7_BASIC);
const EXTENSION = new Set(GSM7_EXTENSION);

const GSM7 = { single: 160, part: 153 };
const UCS2 = { single: 70, part: 67 };

/** Parts needed for units of the given sizes, never splitting one unit across two parts. */
function parts(sizes: number[], limits: { single: number; part: number }): number {
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if (total <= limits.single) return 1;
  let count = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > limits.part) {
      count += 1;
      used = 0;
    }
    used += size;
  }
  return count;
}

/** Whether every character of `text` is in the GSM-7 alphabet (basic or extension table). */
export function isGsm7(text: string): boolean {
  for (const char of text) if (!BASIC.has(char) && !EXTENSION.has(char)) return false;
  return true;
}

/** The billed segments of `text`; an empty text still costs one. */
export function smsSegments(text: string): number {
  const chars = [...text];
  if (isGsm7(text))
    return parts(
      chars.map((char) => (EXTENSION.has(char) ? 2 : 1)),
      GSM7,
    );
  return parts(
    chars.map((char) => char.length),
    UCS2,
  );
}
