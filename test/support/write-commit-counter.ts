import type { DataSource, Logger, QueryRunner } from 'typeorm';

const BEGIN = /^\s*(START TRANSACTION|BEGIN)\b/i;
const COMMIT = /^\s*COMMIT\b/i;
const ROLLBACK = /^\s*ROLLBACK\b/i;
const WRITE = /^\s*(INSERT|UPDATE|DELETE)\b/i;

/**
 * Counts the commits that write, as the database sees them, from the queries the app's
 * DataSource logs (TypeORM's runners, and SqlDialect.runAtomically's SQLite batches): a
 * transaction with at least one INSERT/UPDATE/DELETE is one, and so is such a statement run on
 * its own (autocommit). It wraps the app's logger; `stop` puts it back.
 */
export class WriteCommitCounter {
  private commits = 0;
  private readonly open = new Map<QueryRunner | undefined, { wrote: boolean }>();
  private readonly original: Logger;

  constructor(private readonly dataSource: DataSource) {
    this.original = dataSource.logger;
    const wrapped = Object.create(this.original) as Logger;
    wrapped.logQuery = (query: string, parameters?: unknown[], runner?: QueryRunner) => {
      this.observe(query, runner);
      return this.original.logQuery(query, parameters, runner);
    };
    (dataSource as { logger: Logger }).logger = wrapped;
  }

  /** The write commits seen so far; `reset` starts again from zero. */
  get count(): number {
    return this.commits;
  }

  reset(): void {
    this.commits = 0;
  }

  stop(): void {
    (this.dataSource as { logger: Logger }).logger = this.original;
  }

  private observe(query: string, runner: QueryRunner | undefined): void {
    const transaction = this.open.get(runner);
    if (BEGIN.test(query)) this.open.set(runner, { wrote: false });
    else if (COMMIT.test(query)) {
      if (transaction?.wrote) this.commits += 1;
      this.open.delete(runner);
    } else if (ROLLBACK.test(query)) this.open.delete(runner);
    else if (WRITE.test(query)) {
      if (transaction) transaction.wrote = true;
      else this.commits += 1;
    }
  }
}
