/** What a log line shows in place of anything it must not carry. */
export const REDACTED = '[redacted]';
