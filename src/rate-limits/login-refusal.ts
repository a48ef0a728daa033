import { HttpException, HttpStatus } from '@nestjs/common';
import type { ThrottlerLimitDetail } from '@nestjs/throttler';

/** A sign-in refused for too many attempts, in the shape of the app's other 4xx answers (DomainExceptionFilter). */
export function loginRefusal(tooMany: string, { timeToBlockExpire }: ThrottlerLimitDetail): HttpException {
  const minutes = Math.max(1, Math.ceil(timeToBlockExpire / 60));
  return new HttpException(
    {
      error: 'Too Many Requests',
      message: [`${tooMany} Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`],
    },
    HttpStatus.TOO_MANY_REQUESTS,
  );
}
