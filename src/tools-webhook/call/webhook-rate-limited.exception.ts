import { ThrottlerException } from '@nestjs/throttler';

/** A tool call over its budget (WebhookThrottlerGuard): whose budget it was, for the log of refusals. */
export class WebhookRateLimitedException extends ThrottlerException {
  constructor(
    message: string,
    /** The throttler's tracker: `key:<id>`, `platform:<tenant>` or `address:<ip>`. */
    readonly tracker: string,
    /** The budget in words, for staff: "tenant x under the platform key". */
    readonly whose: string,
    /** The counting window, in milliseconds. */
    readonly windowMs: number,
  ) {
    super(message);
  }
}
