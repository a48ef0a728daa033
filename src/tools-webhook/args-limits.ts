/** The structural limits of a tool call's args (WEBHOOK_ARGS_MAX_KEYS, WEBHOOK_ARGS_MAX_TEXT). */
export interface ArgsLimits {
  /** Object keys and array items, at any depth. */
  maxKeys: number;
  /** Characters of keys and string values together. */
  maxText: number;
}

/**
 * Which of `limits` the args exceed, or null. Walked without recursion (their nesting is already
 * bounded by the body parser's MAX_BODY_NESTING), and only until a limit is passed: a list of
 * keys and a few additions per value, far cheaper than turning them into DTOs.
 */
export function argsOverLimits(args: unknown, limits: ArgsLimits): string | null {
  let keys = 0;
  let text = 0;
  const pending: unknown[] = [args];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === 'string') {
      text += item.length;
      if (text > limits.maxText) return `more than ${limits.maxText} characters of text`;
    } else if (Array.isArray(item)) {
      keys += item.length;
      if (keys > limits.maxKeys) return `more than ${limits.maxKeys} keys`;
      for (const child of item) pending.push(child);
    } else if (typeof item === 'object' && item !== null) {
      const names = Object.keys(item);
      keys += names.length;
      if (keys > limits.maxKeys) return `more than ${limits.maxKeys} keys`;
      for (const name of names) {
        text += name.length;
        pending.push((item as Record<string, unknown>)[name]);
      }
      if (text > limits.maxText) return `more than ${limits.maxText} characters of text`;
    }
  }
  return null;
}
