import type { VonageParams } from './vonage-params';

const MESSAGE_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

/**
 * When Vonage says the event happened: its `message-timestamp` (UTC, "YYYY-MM-DD HH:MM:SS"),
 * else the signed request's `timestamp` (Unix seconds), else `receivedAt`.
 */
export function vonageEventTime(params: VonageParams, receivedAt: Date): Date {
  const match = MESSAGE_TIMESTAMP.exec(params['message-timestamp']?.trim() ?? '');
  if (match) {
    const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
    const time = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
    if (time.getUTCMonth() === month - 1 && time.getUTCDate() === day && hour < 24 && minute < 60 && second < 60)
      return time;
  }
  if (/^\d{1,12}$/.test(params.timestamp ?? '')) return new Date(Number(params.timestamp) * 1000);
  return receivedAt;
}
