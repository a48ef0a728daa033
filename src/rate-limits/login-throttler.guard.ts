import { HttpException, Injectable } from '@nestjs/common';
import { ThrottlerLimitDetail } from '@nestjs/throttler';

import { loginRefusal } from './login-refusal';
import { SingleThrottlerGuard } from './single-throttler.guard';
import { LOGIN_THROTTLER } from './throttler-names';

/**
 * LOGIN_RATE_LIMIT_PER_15_MINUTES sign-in attempts, right or wrong, per account (the email as
 * sent, trimmed and lower-cased) and client address together: guessing one account's password
 * is slowed down, while the same office address can still sign in its other staff.
 * LoginAddressThrottlerGuard bounds the attempts of one address across all accounts.
 */
@Injectable()
export class LoginThrottlerGuard extends SingleThrottlerGuard {
  protected readonly throttlerName = LOGIN_THROTTLER;

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const email: unknown = (request.body as Record<string, unknown> | undefined)?.email;
    const account = typeof email === 'string' ? email.trim().toLowerCase().slice(0, 254) : '';
    return `${await super.getTracker(request)}|${account}`;
  }

  protected refusal(detail: ThrottlerLimitDetail): HttpException {
    return loginRefusal('Too many sign-in attempts for this account from this address.', detail);
  }
}
