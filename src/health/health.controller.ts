import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { Public } from '../common/decorators/public.decorator';
import { DatabaseHealthIndicator } from './database.health';

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
  @ApiOkResponse({ description: 'The database answers' })
  @ApiServiceUnavailableResponse({ description: 'The database does not answer in time' })
  ready() {
    return this.health.check([() => this.database.check('database', DATABASE_PING_TIMEOUT_MS)]);
  }
}
