import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

import { Public } from '../common/decorators/public.decorator';
import { METRICS_AUTH } from '../common/openapi/api-docs';
import { MetricsService } from './metrics.service';
import { MetricsTokenGuard } from './metrics-token.guard';

/** For the app's Prometheus: outside /api like the health probes, behind METRICS_TOKEN instead of a staff JWT. */
@ApiTags('metrics')
@ApiBearerAuth(METRICS_AUTH)
@Public()
@UseGuards(MetricsTokenGuard)
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Every metric, in the Prometheus text format', type: String })
  @ApiUnauthorizedResponse({ description: 'No `Authorization: Bearer <METRICS_TOKEN>`, or a wrong one' })
  @ApiNotFoundResponse({ description: 'METRICS_TOKEN is not set: the route is off' })
  scrape(): Promise<string> {
    return this.metrics.scrape();
  }
}
