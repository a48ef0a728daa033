import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';

import { AuthModule } from '../auth/auth.module';
import { JwtAuthGuard } from '../auth/jwt-auth.guard';
import { RolesGuard } from '../auth/roles.guard';
import { DomainExceptionFilter } from '../common/errors/domain-exception.filter';
import { PhoneNumbersService } from '../common/phone/phone-numbers.service';
import { AppValidationPipe } from '../common/validation/app-validation.pipe';

/**
 * The app-wide pipeline as providers, so an e2e app built from AppModule with
 * Test.createTestingModule runs exactly what production runs: deny by default (JWT guard, then
 * roles), validated DTOs, and one error presenter.
 */
@Global()
@Module({
  imports: [AuthModule],
  providers: [
    PhoneNumbersService,
    // In this order: who the user is, then whether its role may use the route.
    { provide: APP_GUARD, useExisting: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
    { provide: APP_PIPE, useClass: AppValidationPipe },
    { provide: APP_FILTER, useClass: DomainExceptionFilter },
  ],
  exports: [PhoneNumbersService],
})
export class CoreModule {}
