import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';

import { JwtAuthGuard } from '../../auth/jwt-auth.guard';
import { ApiKeyGuard } from '../api-key.guard';

/**
 * For a @Public() route that both the VoIP platform and staff may read: a webhook key (the
 * platform's or a tenant's, checked by ApiKeyGuard) or else a staff JWT (checked by
 * JwtAuthGuard, user and token version included). Neither → 401.
 */
@Injectable()
export class WebhookKeyOrStaffGuard implements CanActivate {
  constructor(
    private readonly webhookKeys: ApiKeyGuard,
    private readonly staff: JwtAuthGuard,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    try {
      return await this.webhookKeys.canActivate(context);
    } catch (error) {
      if (!(error instanceof UnauthorizedException)) throw error;
    }
    try {
      // The route is @Public() (for the webhook key), so the token is checked here, not by the global guard.
      await this.staff.authenticate(context.switchToHttp().getRequest());
      return true;
    } catch (error) {
      // One answer for every failure: the caller may have meant either credential.
      if (error instanceof UnauthorizedException)
        throw new UnauthorizedException('A webhook key or a staff token is required');
      throw error;
    }
  }
}
