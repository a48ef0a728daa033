import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';

import type { PendingWrites } from '../database/pending-writes';
import { SqlDialect } from '../database/sql-dialect';
import { ToolCallFingerprint } from './tool-call-fingerprint.entity';

/** The fingerprints of tool calls, claimed by the first delivery of each. */
@Injectable()
export class ToolCallFingerprintsRepository {
  private completeSql: string | undefined;
  private releaseSql: string | undefined;
  private findSql: string | undefined;

  constructor(
    @InjectRepository(ToolCallFingerprint) private readonly fingerprints: Repository<ToolCallFingerprint>,
    private readonly sql: SqlDialect,
  ) {}

  /** Inserts the claim; a unique violation when another delivery holds the fingerprint. */
  async claim(values: Pick<ToolCallFingerprint, 'fingerprint' | 'tenantId' | 'callId' | 'toolCallId'>): Promise<void> {
    await this.sql.insertRecord(this.fingerprints, { ...values, httpStatus: null, reply: null });
  }

  /** Read by every re-delivery: a statement built once, not the query builder. */
  async find(fingerprint: string): Promise<ToolCallFingerprint | null> {
    const sql = this.sql;
    this.findSql ??= `SELECT ${sql.selectList(ToolCallFingerprint)} FROM ${sql.table(ToolCallFingerprint)} WHERE ${sql.column(ToolCallFingerprint, 'fingerprint')} = ${sql.parameter(0)}`;
    const [found] = await sql.entities(ToolCallFingerprint, { sql: this.findSql, parameters: [fingerprint] });
    return found ?? null;
  }

  /**
   * Keeps a call's answer; with `writes`, as part of that unit of work. On every tool call with a
   * call id: one statement built once, not the query builder.
   */
  async complete(
    fingerprint: string,
    httpStatus: number,
    reply: Record<string, string>,
    writes?: PendingWrites,
  ): Promise<void> {
    const sql = this.sql;
    this.completeSql ??=
      `UPDATE ${sql.table(ToolCallFingerprint)} SET ${sql.column(ToolCallFingerprint, 'httpStatus')} = ${sql.parameter(0)}, ` +
      `${sql.column(ToolCallFingerprint, 'reply')} = ${sql.parameter(1)} WHERE ${sql.column(ToolCallFingerprint, 'fingerprint')} = ${sql.parameter(2)}`;
    const statement = {
      sql: this.completeSql,
      parameters: [httpStatus, sql.value(ToolCallFingerprint, 'reply', reply), fingerprint],
    };
    if (writes) writes.add(statement);
    else await sql.run(statement);
  }

  /** Removes the claim of a fingerprint; only the one of `toolCallId` when given. */
  async release(fingerprint: string, toolCallId?: string): Promise<void> {
    await this.fingerprints.delete(toolCallId === undefined ? { fingerprint } : { fingerprint, toolCallId });
  }

  /** Adds the removal of a fingerprint's claim to a unit of work. */
  releaseWith(fingerprint: string, writes: PendingWrites): void {
    const sql = this.sql;
    this.releaseSql ??= `DELETE FROM ${sql.table(ToolCallFingerprint)} WHERE ${sql.column(ToolCallFingerprint, 'fingerprint')} = ${sql.parameter(0)}`;
    writes.add({ sql: this.releaseSql, parameters: [fingerprint] });
  }

  /** Removes the claims made before `before`; answers how many. */
  async purgeCreatedBefore(before: Date): Promise<number> {
    const result = await this.fingerprints.delete({ createdAt: LessThan(before) });
    return result.affected ?? 0;
  }
}
