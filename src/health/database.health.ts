import { Injectable, Logger } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { SqlDialect } from '../database/sql-dialect';

/**
 * The database answers a trivial query in time. Written against the app's own DataSource rather
 * than terminus's TypeOrmHealthIndicator, which finds the DataSource by loading @nestjs/typeorm
 * again at request time.
 */
@Injectable()
export class DatabaseHealthIndicator {
  private readonly logger = new Logger(DatabaseHealthIndicator.name);
  constructor(
    private readonly indicators: HealthIndicatorService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sql: SqlDialect,
  ) {}

  async check(key: string, timeoutMs: number) {
    const indicator = this.indicators.check(key);
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      if (!this.dataSource.isInitialized) throw new Error('not connected');
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      await Promise.race([this.sql.ping(), timeout]);
      return indicator.up({ responseTimeMs: Math.round(performance.now() - started) });
    } catch (error) {
      // The reason goes to the log: this answer is public, and driver errors name hosts and ports.
      this.logger.warn(`The database is not ready: ${error instanceof Error ? error.message : String(error)}`);
      return indicator.down({ message: 'not answering' });
    } finally {
      clearTimeout(timer);
    }
  }
}
