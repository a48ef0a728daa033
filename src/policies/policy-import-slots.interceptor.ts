import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import type { Observable } from 'rxjs';

import { DomainException } from '../common/errors/domain.exception';
import { POLICY_IMPORT_RETRY_AFTER_SECONDS, POLICY_IMPORTS_AT_ONCE, PolicyImportSlots } from './policy-import-slots';

/**
 * Takes an import slot before anything reads the file (it comes first among the import route's
 * interceptors, after the JWT and role guards: nobody unauthenticated holds one). With every slot
 * taken the import is answered 503 with Retry-After at once, its body unread. The slot is given
 * back when the response is done or the connection closes, whichever comes first, so a client
 * that goes away mid-upload does not keep it.
 */
@Injectable()
export class PolicyImportSlotsInterceptor implements NestInterceptor {
  constructor(private readonly slots: PolicyImportSlots) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const response = context.switchToHttp().getResponse<Response>();
    const giveBack = this.slots.tryTake();
    if (!giveBack) {
      response.setHeader('Retry-After', String(POLICY_IMPORT_RETRY_AFTER_SECONDS));
      throw new DomainException(
        'unavailable',
        `${POLICY_IMPORTS_AT_ONCE} policy imports are already running on this server: try again in ${POLICY_IMPORT_RETRY_AFTER_SECONDS} seconds`,
      );
    }
    response.once('close', giveBack);
    return next.handle();
  }
}
