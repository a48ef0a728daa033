import { ExecutionContext, HttpException } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';

/**
 * A ThrottlerGuard that applies one of the app's named limits, on the route it guards, and
 * answers a request over it with a standard `Retry-After` (seconds). ThrottlerModule holds every
 * named limit of the app, and a plain ThrottlerGuard would apply them all.
 */
export abstract class SingleThrottlerGuard extends ThrottlerGuard {
  protected abstract readonly throttlerName: string;

  override async onModuleInit(): Promise<void> {
    await super.onModuleInit();
    this.throttlers = this.throttlers.filter(({ name }) => name === this.throttlerName);
    // Without its limit the guard would let everything through without a word.
    if (this.throttlers.length === 0)
      throw new Error(`No "${this.throttlerName}" limit is configured in ThrottlerModule`);
  }

  /** The answer to a request over the limit, in the shape of the route's other errors. */
  protected abstract refusal(detail: ThrottlerLimitDetail): HttpException;

  // Nest's contract is a promise; this one always throws, before anything is awaited.
  // eslint-disable-next-line @typescript-eslint/require-await
  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const { res } = this.getRequestResponse(context);
    this.setResponseHeader(res, 'Retry-After', Math.max(1, detail.timeToBlockExpire));
    throw this.refusal(detail);
  }
}
