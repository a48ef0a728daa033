import type { Statement } from './statement';

/**
 * A unit of work: the statements a piece of work means to write, in order, committed together
 * or not at all. Services handed one (`{ writes }`) add their INSERTs and UPDATEs to it instead of
 * running them; ids are made by the app (UUIDs), so what they return is known before the commit.
 * Made by SqlDialect.pendingWrites, which commits it as one transaction.
 */
export class PendingWrites {
  private readonly pending: Statement[] = [];
  private readonly onCommit: Array<() => void> = [];
  private settled = false;

  constructor(private readonly runAtomically: (statements: readonly Statement[]) => Promise<void>) {}

  get statements(): readonly Statement[] {
    return this.pending;
  }

  add(statement: Statement): void {
    if (this.settled) throw new Error('writes added after their commit');
    this.pending.push(statement);
  }

  /** Runs once the statements are committed (to wake a worker that must not see them before); never on failure. */
  afterCommit(action: () => void): void {
    this.onCommit.push(action);
  }

  /** Forgets what was added: the work that added it failed. */
  discard(): void {
    this.pending.length = 0;
    this.onCommit.length = 0;
  }

  /** Writes everything in one transaction (no transaction at all when empty); rejects, writing nothing, when any statement fails. */
  async commit(): Promise<void> {
    if (this.settled) throw new Error('writes committed twice');
    this.settled = true;
    if (this.pending.length > 0) await this.runAtomically(this.pending);
    for (const action of this.onCommit) action();
  }
}

/** The option of a domain method that can defer its writes to its caller's unit of work. */
export interface WriteOptions {
  /** When given, the method adds its writes here instead of running them. */
  readonly writes?: PendingWrites;
}
