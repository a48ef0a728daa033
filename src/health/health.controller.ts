import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';

import { Public } from '../common/decorators/public.decorator';
import { DatabaseHealthIndicator } from './database.health';
import { SmsOutboxHealthIndicator } from './sms-outbox.health';

// Well inside a load balancer's own probe timeout; a database slower than this is not ready.
const DATABASE_PING_TIMEOUT_MS = 1500;

/** For load balancers and orchestrators: public, and saying nothing but up or down. */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
    private readonly outbox: SmsOutboxHealthIndicator,
  ) {}

  /** The process answers: restart it if not. */
  @Get('live')
  @HealthCheck()
  @ApiOkResponse({ description: 'The process is up' })
  live() {
    return this.health.check([]);
  }

  /** The app can serve calls: send it traffic only if so. */
  @Get('ready')
  @HealthCheck()
  @ApiOkResponse({
    description: 'The database answers, and no due text has waited longer than SMS_OUTBOX_MAX_AGE_SECONDS',
  })
  @ApiServiceUnavailableResponse({
    description: 'The database does not answer in time, or the SMS outbox is falling behind',
  })
  ready() {
    return this.health.check([
      () => this.database.check('database', DATABASE_PING_TIMEOUT_MS),
      () => this.outbox.check('smsOutbox', DATABASE_PING_TIMEOUT_MS),
    ]);
  }
}
