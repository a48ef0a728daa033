import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';

import { EnvironmentVariables } from '../../config/environment';
import { SmsOutboxService } from './sms-outbox.service';

// Texts claimed per round; a full round is followed by another at once.
const BATCH_SIZE = 10;

/**
 * Sends what the outbox holds due: retries after a backoff, and texts a crashed instance had
 * claimed. Every app instance runs one; the outbox's claims keep them from sending a row twice.
 * On shutdown it stops claiming and finishes the round in progress.
 */
@Injectable()
export class SmsOutboxWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SmsOutboxWorker.name);
  private readonly pollMs: number;
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> = Promise.resolve();
  private stopping = false;
  private failing = false;

  constructor(
    private readonly outbox: SmsOutboxService,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.pollMs = config.get('SMS_OUTBOX_POLL_MS', { infer: true });
  }

  onApplicationBootstrap(): void {
    this.schedule(this.pollMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.round;
    await this.outbox.drain();
  }

  /** One round: claim due texts and make one attempt at each. Resolves with how many it claimed. */
  async runOnce(): Promise<number> {
    const claimed = await this.outbox.claimDue(BATCH_SIZE);
    await Promise.all(
      claimed.map((sms) =>
        this.outbox.attempt(sms).catch((error: unknown) => {
          // The row keeps its lease and is taken up again when the lease lapses.
          this.logger.error(`SMS ${sms.id}: the attempt could not be completed: ${(error as Error).message}`);
        }),
      ),
    );
    return claimed.length;
  }

  private schedule(delayMs: number): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.round = this.tick();
    }, delayMs);
    // A pending poll alone must not keep the process alive.
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    let claimed = 0;
    try {
      claimed = await this.runOnce();
      if (this.failing) this.logger.log('The SMS outbox is reachable again.');
      this.failing = false;
    } catch (error) {
      // The database is away: say so once, and keep polling until it is back.
      if (!this.failing) this.logger.error(`The SMS outbox could not be read: ${(error as Error).message}`);
      this.failing = true;
    }
    this.schedule(claimed === BATCH_SIZE ? 0 : this.pollMs);
  }
}
