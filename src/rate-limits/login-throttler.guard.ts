import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { ThrottlerLimitDetail } from '@nestjs/throttler';

import { SingleThrottlerGuard } from './single-throttler.guard';
import { LOGIN_THROTTLER } from './throttler-names';

/**
 * LOGIN_RATE_LIMIT_PER_15_MINUTES sign-in attempts, right or wrong, per account (the email as
 * sent, trimmed and lower-cased) and client address together: guessing one account's password
 * is slowed down, while the same office address can still sign in its other staff.
 */
@Injectable()
export class LoginThrottlerGuard extends SingleThrottlerGuard {
  protected readonly throttlerName = LOGIN_THROTTLER;

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const email: unknown = (request.body as Record<string, unknown> | undefined)?.email;
    const account = typeof email === 'string' ? email.trim().toLowerCase().slice(0, 254) : '';
    return `${await super.getTracker(request)}|${account}`;
  }

  /** The shape of the app's other 4xx answers (DomainExceptionFilter). */
  protected refusal({ timeToBlockExpire }: ThrottlerLimitDetail): HttpException {
    const minutes = Math.max(1, Math.ceil(timeToBlockExpire / 60));
    return new HttpException(
      {
        error: 'Too Many Requests',
        message: [
          `Too many sign-in attempts for this account from this address. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
        ],
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
