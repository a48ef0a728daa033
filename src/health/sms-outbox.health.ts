import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HealthIndicatorService } from '@nestjs/terminus';

import { EnvironmentVariables } from '../config/environment';
import { SmsOutboxService } from '../sms/outbox/sms-outbox.service';

/**
 * The outbox keeps up: no due text has waited longer than SMS_OUTBOX_MAX_AGE_SECONDS. A backlog
 * that old means texts callers were promised are not leaving (the provider is down for long, or
 * no instance is working the outbox).
 */
@Injectable()
export class SmsOutboxHealthIndicator {
  private readonly logger = new Logger(SmsOutboxHealthIndicator.name);
  private readonly maxAgeSeconds: number;

  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly outbox: SmsOutboxService,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.maxAgeSeconds = config.get('SMS_OUTBOX_MAX_AGE_SECONDS', { infer: true });
  }

  async check(key: string, timeoutMs: number) {
    const indicator = this.indicators.check(key);
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      const { due, oldestDueSeconds } = await Promise.race([this.outbox.backlog(), timeout]);
      const details = { due, oldestDueSeconds, maxAgeSeconds: this.maxAgeSeconds };
      return oldestDueSeconds > this.maxAgeSeconds ? indicator.down(details) : indicator.up(details);
    } catch (error) {
      // The reason goes to the log: this answer is public, and driver errors name hosts and ports.
      this.logger.warn(`The SMS outbox is not ready: ${error instanceof Error ? error.message : String(error)}`);
      return indicator.down({ message: 'not answering' });
    } finally {
      clearTimeout(timer);
    }
  }
}
