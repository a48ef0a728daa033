import { randomUUID } from 'node:crypto';
import { setImmediate } from 'node:timers/promises';

import { Injectable } from '@nestjs/common';

import { DomainException } from '../common/errors/domain.exception';
import { PhoneNumbersService } from '../common/phone/phone-numbers.service';
import { Actor } from '../common/tenancy/actor';
import { tenantForCreate } from '../common/tenancy/tenant-condition';
import { TenantScope } from '../common/tenancy/tenant-scope';
import { RecordChangesService } from '../record-changes/record-changes.service';
import { TenantsService } from '../tenants/tenants.service';
import { PolicyImportResult } from './dto/policy-import-result';
import { Policy } from './policy.entity';
import { PolicyBookRepository } from './policy-book.repository';
import { OptionalPolicyField, parsePolicyCsv, PolicyCsvRow } from './policy-csv.parser';

/** The answer lists at most this many rejected lines; `rejected` counts them all. */
export const POLICY_IMPORT_MAX_ERRORS = 1000;
/** Rows per transaction: few enough statements for 50,000 rows, short enough to keep SQLite's writer free for live calls. */
const CHUNK_SIZE = 500;

/** Imports a tenant's policy book from CSV: each policy number is created or updated, row by row. */
@Injectable()
export class PolicyImportService {
  constructor(
    private readonly book: PolicyBookRepository,
    private readonly phones: PhoneNumbersService,
    private readonly changes: RecordChangesService,
    private readonly tenants: TenantsService,
  ) {}

  async import(scope: TenantScope, csv: Buffer | undefined, actor: Actor): Promise<PolicyImportResult> {
    const tenantId = tenantForCreate(scope);
    // The unique index on (tenantId, policyKey) cannot hold for a null tenant (NULLs are distinct).
    if (tenantId === null) throw DomainException.invalid('tenant_id', 'A policy book is imported into a named tenant');
    if (!csv) {
      throw DomainException.invalid(
        'file',
        'Send the policy book as CSV: the request body with Content-Type: text/csv, or a multipart upload in the field "file"',
      );
    }
    // National numbers in the file are read in the tenant's country.
    const country = (await this.tenants.findCached(tenantId))?.defaultCountry;
    const book = await parsePolicyCsv(csv, (raw) => this.phones.toE164(raw, country));
    let updated = 0;
    // Chunk by chunk, each one statement, so atomic by itself: a database failure fails the request
    // (500) and leaves no part of its chunk; the chunks before it stay, and importing again is safe.
    // No explicit transaction: on SQLite's one shared connection, a TypeORM transaction would let
    // other requests' statements run inside it, and a second one fail to begin.
    for (let start = 0; start < book.rows.length; start += CHUNK_SIZE) {
      const chunk = book.rows.slice(start, start + CHUNK_SIZE);
      updated += await this.writeChunk(tenantId, book.fields, chunk);
      // better-sqlite3 answers synchronously, so awaiting a chunk never lets the event loop turn:
      // without this, live calls would wait for the whole import (measured: about 2 s).
      await setImmediate();
    }
    const result: PolicyImportResult = {
      received: book.received,
      created: book.rows.length - updated,
      updated,
      rejected: book.rejections.length,
      errors: book.rejections.slice(0, POLICY_IMPORT_MAX_ERRORS),
    };
    // One history row for the whole import: who loaded the book, when, and what it did.
    const { errors: _errors, ...counts } = result;
    await this.changes.record({
      tenantId,
      recordType: 'policy_import',
      recordId: randomUUID(),
      action: 'create',
      actor,
      changes: counts,
    });
    return result;
  }

  /**
   * Creates or updates a chunk's policies in one statement, keyed by (tenantId, policyKey), and
   * answers how many of them existed. An update overwrites the number as written, the status and
   * the optional columns the file has; the id and creation time of an existing policy stay.
   */
  private async writeChunk(tenantId: string, fields: OptionalPolicyField[], rows: PolicyCsvRow[]): Promise<number> {
    const now = new Date();
    const records = rows.map(({ values }): Partial<Policy> => ({
      ...values,
      id: randomUUID(),
      tenantId,
      createdAt: now,
      updatedAt: now,
    }));
    const written = await this.book.upsertChunk(fields, records);
    // An updated policy answers its own id, not the new one offered: that tells the two apart
    // exactly, in the same statement, even when another import writes the same numbers meanwhile.
    const offered = new Set(records.map((record) => record.id));
    return written.filter((id) => !offered.has(id)).length;
  }
}
