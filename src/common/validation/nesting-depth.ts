/** Deeper than any request needs; 100 kB of brackets would otherwise overflow the stack of every walker. */
export const MAX_BODY_NESTING = 32;

/** How deep objects and arrays nest in a parsed JSON value, walked without recursion. */
export function nestingDepth(value: unknown): number {
  let deepest = 0;
  const pending: Array<[unknown, number]> = [[value, 0]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    deepest = Math.max(deepest, depth + 1);
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * What a 400 names when `value` nests deeper than MAX_BODY_NESTING: its first field that does
 * (`email`), `whole` when the value itself is the problem (an array of arrays), or null when it
 * is shallow enough.
 */
export function tooDeeplyNested(value: unknown, whole: string): string | null {
  if (nestingDepth(value) <= MAX_BODY_NESTING) return null;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return whole;
  const field = Object.entries(value).find(([, item]) => nestingDepth(item) > MAX_BODY_NESTING - 1);
  return field ? field[0] : whole;
}
