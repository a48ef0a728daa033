import type { VonageParams } from './vonage-params';

const MESSAGE_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

/**
 * How far ahead of our clock Vonage's may be. A later event time is not believed: opt-outs and
 * receipts are ordered by it, so a STOP stamped in 2099 would otherwise win over every START.
 */
export const VONAGE_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * When Vonage says the event happened: its `message-timestamp` (UTC, "YYYY-MM-DD HH:MM:SS"),
 * else the signed request's `timestamp` (Unix seconds), else `receivedAt`. A time later than
 * `receivedAt` plus VONAGE_CLOCK_SKEW_MS is clamped to `receivedAt`.
 */
export function vonageEventTime(params: VonageParams, receivedAt: Date): Date {
  const stated = statedTime(params);
  if (stated === null || stated.getTime() > receivedAt.getTime() + VONAGE_CLOCK_SKEW_MS) return receivedAt;
  return stated;
}

function statedTime(params: VonageParams): Date | null {
  const match = MESSAGE_TIMESTAMP.exec(params['message-timestamp']?.trim() ?? '');
  if (match) {
    const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
    const time = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
    if (time.getUTCMonth() === month - 1 && time.getUTCDate() === day && hour < 24 && minute < 60 && second < 60)
      return time;
  }
  if (/^\d{1,12}$/.test(params.timestamp ?? '')) return new Date(Number(params.timestamp) * 1000);
  return null;
}
