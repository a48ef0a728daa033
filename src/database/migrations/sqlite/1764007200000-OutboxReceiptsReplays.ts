import { MigrationInterface, QueryRunner } from 'typeorm';

export class SqliteOutboxReceiptsReplays1764007200000 implements MigrationInterface {
  name = 'OutboxReceiptsReplays1764007200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sms_opt_outs" ("phone" varchar(20) PRIMARY KEY NOT NULL, "optedOut" boolean NOT NULL, "keyword" varchar(20) NOT NULL, "providerMessageId" varchar(100), "changedAt" datetime NOT NULL, "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `CREATE TABLE "tool_call_fingerprints" ("fingerprint" varchar(64) PRIMARY KEY NOT NULL, "tenantId" varchar(128), "callId" varchar(128) NOT NULL, "toolCallId" varchar(36) NOT NULL, "httpStatus" integer, "reply" json, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_55d5a27e43d28a9b6399762ff2" ON "tool_call_fingerprints" ("createdAt") `);
    await queryRunner.query(`DROP INDEX "IDX_18f78d7d239764017cff88c4b3"`);
    await queryRunner.query(`DROP INDEX "IDX_3c23ed97c6ba04d2d17885b4a8"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_sms_messages" ("id" varchar PRIMARY KEY NOT NULL, "tenantId" varchar(128), "callId" varchar(128), "toPhone" varchar(20) NOT NULL, "body" text NOT NULL, "purpose" varchar(100), "callerName" varchar(200), "requestedBy" varchar(64) NOT NULL, "status" varchar(20) NOT NULL, "provider" varchar(20) NOT NULL, "providerMessageId" varchar(100), "error" text, "sentAt" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "attempts" integer NOT NULL DEFAULT (0), "nextAttemptAt" datetime, "leaseOwner" varchar(64), "leaseExpiresAt" datetime, "receiptStatus" varchar(20), "receiptAt" datetime)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_sms_messages"("id", "tenantId", "callId", "toPhone", "body", "purpose", "callerName", "requestedBy", "status", "provider", "providerMessageId", "error", "sentAt", "createdAt", "updatedAt") SELECT "id", "tenantId", "callId", "toPhone", "body", "purpose", "callerName", "requestedBy", "status", "provider", "providerMessageId", "error", "sentAt", "createdAt", "updatedAt" FROM "sms_messages"`,
    );
    await queryRunner.query(`DROP TABLE "sms_messages"`);
    await queryRunner.query(`ALTER TABLE "temporary_sms_messages" RENAME TO "sms_messages"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_18f78d7d239764017cff88c4b3" ON "sms_messages" ("tenantId", "createdAt") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_3c23ed97c6ba04d2d17885b4a8" ON "sms_messages" ("callId") `);
    await queryRunner.query(
      `CREATE TABLE "temporary_tenants" ("id" varchar PRIMARY KEY NOT NULL, "name" varchar(200) NOT NULL, "platformTenantId" varchar(128) NOT NULL, "timezone" varchar(64) NOT NULL, "language" varchar(2) NOT NULL, "defaultCountry" varchar(2) NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "smsMaxPerCall" integer, "smsMaxPerHour" integer, CONSTRAINT "UQ_051b71985d606a9269806567579" UNIQUE ("platformTenantId"))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_tenants"("id", "name", "platformTenantId", "timezone", "language", "defaultCountry", "createdAt", "updatedAt") SELECT "id", "name", "platformTenantId", "timezone", "language", "defaultCountry", "createdAt", "updatedAt" FROM "tenants"`,
    );
    await queryRunner.query(`DROP TABLE "tenants"`);
    await queryRunner.query(`ALTER TABLE "temporary_tenants" RENAME TO "tenants"`);
    await queryRunner.query(`DROP INDEX "IDX_f5d3851fd5691b98fc9407e8ac"`);
    await queryRunner.query(`DROP INDEX "IDX_02d422de80d7acfdadc76954a0"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_tool_calls" ("id" varchar PRIMARY KEY NOT NULL, "tenantId" varchar(128), "callId" varchar(128), "function_name" varchar(100), "args" json, "status" varchar(20) NOT NULL, "message" text NOT NULL, "httpStatus" integer NOT NULL, "durationMs" integer NOT NULL, "error" text, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "replayOf" varchar(36))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_tool_calls"("id", "tenantId", "callId", "function_name", "args", "status", "message", "httpStatus", "durationMs", "error", "createdAt") SELECT "id", "tenantId", "callId", "function_name", "args", "status", "message", "httpStatus", "durationMs", "error", "createdAt" FROM "tool_calls"`,
    );
    await queryRunner.query(`DROP TABLE "tool_calls"`);
    await queryRunner.query(`ALTER TABLE "temporary_tool_calls" RENAME TO "tool_calls"`);
    await queryRunner.query(`CREATE INDEX "IDX_f5d3851fd5691b98fc9407e8ac" ON "tool_calls" ("tenantId", "createdAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_02d422de80d7acfdadc76954a0" ON "tool_calls" ("callId") `);
    await queryRunner.query(`CREATE INDEX "IDX_6b42fb9ea93e1dd685944231de" ON "sms_messages" ("providerMessageId") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_c5b464724820f8b4eb75fbaa3f" ON "sms_messages" ("status", "nextAttemptAt") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_c5b464724820f8b4eb75fbaa3f"`);
    await queryRunner.query(`DROP INDEX "IDX_6b42fb9ea93e1dd685944231de"`);
    await queryRunner.query(`DROP INDEX "IDX_02d422de80d7acfdadc76954a0"`);
    await queryRunner.query(`DROP INDEX "IDX_f5d3851fd5691b98fc9407e8ac"`);
    await queryRunner.query(`ALTER TABLE "tool_calls" RENAME TO "temporary_tool_calls"`);
    await queryRunner.query(
      `CREATE TABLE "tool_calls" ("id" varchar PRIMARY KEY NOT NULL, "tenantId" varchar(128), "callId" varchar(128), "function_name" varchar(100), "args" json, "status" varchar(20) NOT NULL, "message" text NOT NULL, "httpStatus" integer NOT NULL, "durationMs" integer NOT NULL, "error" text, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `INSERT INTO "tool_calls"("id", "tenantId", "callId", "function_name", "args", "status", "message", "httpStatus", "durationMs", "error", "createdAt") SELECT "id", "tenantId", "callId", "function_name", "args", "status", "message", "httpStatus", "durationMs", "error", "createdAt" FROM "temporary_tool_calls"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_tool_calls"`);
    await queryRunner.query(`CREATE INDEX "IDX_02d422de80d7acfdadc76954a0" ON "tool_calls" ("callId") `);
    await queryRunner.query(`CREATE INDEX "IDX_f5d3851fd5691b98fc9407e8ac" ON "tool_calls" ("tenantId", "createdAt") `);
    await queryRunner.query(`ALTER TABLE "tenants" RENAME TO "temporary_tenants"`);
    await queryRunner.query(
      `CREATE TABLE "tenants" ("id" varchar PRIMARY KEY NOT NULL, "name" varchar(200) NOT NULL, "platformTenantId" varchar(128) NOT NULL, "timezone" varchar(64) NOT NULL, "language" varchar(2) NOT NULL, "defaultCountry" varchar(2) NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "UQ_051b71985d606a9269806567579" UNIQUE ("platformTenantId"))`,
    );
    await queryRunner.query(
      `INSERT INTO "tenants"("id", "name", "platformTenantId", "timezone", "language", "defaultCountry", "createdAt", "updatedAt") SELECT "id", "name", "platformTenantId", "timezone", "language", "defaultCountry", "createdAt", "updatedAt" FROM "temporary_tenants"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_tenants"`);
    await queryRunner.query(`DROP INDEX "IDX_3c23ed97c6ba04d2d17885b4a8"`);
    await queryRunner.query(`DROP INDEX "IDX_18f78d7d239764017cff88c4b3"`);
    await queryRunner.query(`ALTER TABLE "sms_messages" RENAME TO "temporary_sms_messages"`);
    await queryRunner.query(
      `CREATE TABLE "sms_messages" ("id" varchar PRIMARY KEY NOT NULL, "tenantId" varchar(128), "callId" varchar(128), "toPhone" varchar(20) NOT NULL, "body" text NOT NULL, "purpose" varchar(100), "callerName" varchar(200), "requestedBy" varchar(64) NOT NULL, "status" varchar(20) NOT NULL, "provider" varchar(20) NOT NULL, "providerMessageId" varchar(100), "error" text, "sentAt" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `INSERT INTO "sms_messages"("id", "tenantId", "callId", "toPhone", "body", "purpose", "callerName", "requestedBy", "status", "provider", "providerMessageId", "error", "sentAt", "createdAt", "updatedAt") SELECT "id", "tenantId", "callId", "toPhone", "body", "purpose", "callerName", "requestedBy", "status", "provider", "providerMessageId", "error", "sentAt", "createdAt", "updatedAt" FROM "temporary_sms_messages"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_sms_messages"`);
    await queryRunner.query(`CREATE INDEX "IDX_3c23ed97c6ba04d2d17885b4a8" ON "sms_messages" ("callId") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_18f78d7d239764017cff88c4b3" ON "sms_messages" ("tenantId", "createdAt") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_55d5a27e43d28a9b6399762ff2"`);
    await queryRunner.query(`DROP TABLE "tool_call_fingerprints"`);
    await queryRunner.query(`DROP TABLE "sms_opt_outs"`);
  }
}
