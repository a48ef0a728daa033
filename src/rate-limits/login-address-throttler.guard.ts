import { HttpException, Injectable } from '@nestjs/common';
import { ThrottlerLimitDetail } from '@nestjs/throttler';

import { loginRefusal } from './login-refusal';
import { SingleThrottlerGuard } from './single-throttler.guard';
import { LOGIN_ADDRESS_THROTTLER } from './throttler-names';

/**
 * LOGIN_RATE_LIMIT_PER_ADDRESS_PER_15_MINUTES sign-in attempts, right or wrong, per client
 * address whatever the account: password spraying (one likely password tried on many accounts)
 * stays under the per-account limit of LoginThrottlerGuard, not under this one. Checked first,
 * so attempts the per-account limit refuses count here too.
 */
@Injectable()
export class LoginAddressThrottlerGuard extends SingleThrottlerGuard {
  protected readonly throttlerName = LOGIN_ADDRESS_THROTTLER;

  protected refusal(detail: ThrottlerLimitDetail): HttpException {
    return loginRefusal('Too many sign-in attempts from this address.', detail);
  }
}
