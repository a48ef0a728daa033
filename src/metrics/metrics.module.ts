import { Global, Module, OnModuleInit } from '@nestjs/common';

import { SmsOutboxService } from '../sms/outbox/sms-outbox.service';
import { SmsModule } from '../sms/sms.module';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { MetricsTokenGuard } from './metrics-token.guard';

/**
 * `GET /metrics` and the app's metrics. Global, so the places that record (the tool-call log,
 * the SMS outbox) take MetricsService without importing this module, which imports theirs.
 */
@Global()
@Module({
  imports: [SmsModule],
  controllers: [MetricsController],
  providers: [MetricsService, MetricsTokenGuard],
  exports: [MetricsService],
})
export class MetricsModule implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly outbox: SmsOutboxService,
  ) {}

  onModuleInit(): void {
    // The outbox gauges run the readiness probe's backlog query, once per scrape.
    this.metrics.readBacklogWith(() => this.outbox.backlog());
  }
}
