/** The longest wait between two attempts, whatever the attempt count. */
export const MAX_RETRY_DELAY_MS = 15 * 60 * 1000;

/**
 * Exponential backoff with "equal jitter": the delay after attempt `attempt` (1-based) is
 * between half and all of `base × 2^(attempt-1)`, capped. Jitter spreads the retries of texts
 * that failed together (a provider outage) so they do not come back as one burst; keeping half
 * the delay fixed keeps a retry from coming back at once.
 */
export function retryDelayMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
