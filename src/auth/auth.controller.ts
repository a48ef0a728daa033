import { Body, Controller, Get, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

import { Public } from '../common/decorators/public.decorator';
import { STAFF_AUTH } from '../common/openapi/api-docs';
import { CurrentUser } from '../common/tenancy/current-user.decorator';
import { StaffUser } from '../common/tenancy/staff-user';
import { LoginAddressThrottlerGuard } from '../rate-limits/login-address-throttler.guard';
import { LoginThrottlerGuard } from '../rate-limits/login-throttler.guard';
import { AuthService } from './auth.service';
import { LoginDto } from './dto/login.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @UseGuards(LoginAddressThrottlerGuard, LoginThrottlerGuard)
  @ApiOkResponse({ description: 'A staff token: send it as `Authorization: Bearer <access_token>`' })
  @ApiUnauthorizedResponse({ description: 'Wrong email or password, or a disabled user (the same answer)' })
  @ApiTooManyRequestsResponse({
    description:
      'More than LOGIN_RATE_LIMIT_PER_15_MINUTES attempts for this account from this address, or LOGIN_RATE_LIMIT_PER_ADDRESS_PER_15_MINUTES from this address for any accounts, in 15 minutes; `Retry-After` says when to try again',
  })
  @HttpCode(HttpStatus.OK)
  login(@Body() credentials: LoginDto) {
    return this.auth.login(credentials);
  }

  /** Who the token belongs to, with its tenant's settings. */
  @Get('me')
  @ApiBearerAuth(STAFF_AUTH)
  @ApiOkResponse({
    description: 'The user (never its password hash) and its tenant with its settings (null for an owner)',
  })
  @ApiUnauthorizedResponse({ description: 'No staff token, or one that is invalid, expired or revoked' })
  me(@CurrentUser() user: StaffUser) {
    return this.auth.me(user);
  }
}
