/**
 * The question that asks again for a value the domain refused, by the domain's field name (the
 * same fields in every language; each catalog brings its own sentences).
 */
export function askAgainByField(sentences: {
  invalidPhone: string;
  pastDate: string;
  pastTime: string;
}): ReadonlyMap<string, string> {
  return new Map([
    ['phone', sentences.invalidPhone],
    ['toPhone', sentences.invalidPhone],
    ['callerPhone', sentences.invalidPhone],
    ['date', sentences.pastDate],
    ['time', sentences.pastTime],
  ]);
}
