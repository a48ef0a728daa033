import { MigrationInterface, QueryRunner } from 'typeorm';

export class SqliteInitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "appointments" ("id" varchar PRIMARY KEY NOT NULL, "tenantId" varchar(128), "callId" varchar(128), "callerName" varchar(200) NOT NULL, "phone" varchar(20) NOT NULL, "purpose" varchar(500) NOT NULL, "date" varchar(10) NOT NULL, "time" varchar(5), "timezone" varchar(64) NOT NULL, "startsAt" datetime NOT NULL, "durationMinutes" integer NOT NULL DEFAULT (30), "notes" text, "requestedAs" varchar(200), "status" varchar(20) NOT NULL DEFAULT ('scheduled'), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_950066582a02df557b1b7ad37c" ON "appointments" ("callId") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_f64fb316ed0309b89a77966bf0" ON "appointments" ("tenantId", "startsAt") `,
    );
    await queryRunner.query(
      `CREATE TABLE "leads" ("id" varchar PRIMARY KEY NOT NULL, "tenantId" varchar(128), "callId" varchar(128), "firstName" varchar(100) NOT NULL, "lastName" varchar(100), "phone" varchar(20) NOT NULL, "email" varchar(254), "company" varchar(200), "interest" varchar(500), "notes" text, "source" varchar(100), "status" varchar(20) NOT NULL DEFAULT ('new'), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_b5e122c084a2d82a14056edd0d" ON "leads" ("callId") `);
    await queryRunner.query(`CREATE INDEX "IDX_10fd896b0af16ef509d38f160a" ON "leads" ("tenantId", "phone") `);
    await queryRunner.query(`CREATE INDEX "IDX_92ece9697bcdb539a78f03a508" ON "leads" ("tenantId", "createdAt") `);
    await queryRunner.query(
      `CREATE TABLE "messages" ("id" varchar PRIMARY KEY NOT NULL, "tenantId" varchar(128), "callId" varchar(128), "callerName" varchar(200) NOT NULL, "callerPhone" varchar(20) NOT NULL, "body" text NOT NULL, "forPerson" varchar(200), "urgent" boolean NOT NULL DEFAULT (0), "callbackPreferredTime" varchar(200), "handled" boolean NOT NULL DEFAULT (0), "handledAt" datetime, "handledBy" varchar(36), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_950aecd82e8ca8a4d8349a39a6" ON "messages" ("callId") `);
    await queryRunner.query(`CREATE INDEX "IDX_f46746f2cb537d89f065a1aa01" ON "messages" ("tenantId", "createdAt") `);
    await queryRunner.query(
      `CREATE TABLE "policies" ("id" varchar PRIMARY KEY NOT NULL, "tenantId" varchar(128), "policyNumber" varchar(64) NOT NULL, "policyKey" varchar(64) NOT NULL, "status" varchar(20) NOT NULL, "firstName" varchar(100), "lastName" varchar(100), "phone" varchar(20), "dateOfBirth" varchar(10), "productType" varchar(100), "renewalDate" varchar(10), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_76bb90854933b52450cbf34e65" ON "policies" ("tenantId", "policyKey") `,
    );
    await queryRunner.query(
      `CREATE TABLE "sms_messages" ("id" varchar PRIMARY KEY NOT NULL, "tenantId" varchar(128), "callId" varchar(128), "toPhone" varchar(20) NOT NULL, "body" text NOT NULL, "purpose" varchar(100), "callerName" varchar(200), "requestedBy" varchar(64) NOT NULL, "status" varchar(20) NOT NULL, "provider" varchar(20) NOT NULL, "providerMessageId" varchar(100), "error" text, "sentAt" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_3c23ed97c6ba04d2d17885b4a8" ON "sms_messages" ("callId") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_18f78d7d239764017cff88c4b3" ON "sms_messages" ("tenantId", "createdAt") `,
    );
    await queryRunner.query(
      `CREATE TABLE "tool_calls" ("id" varchar PRIMARY KEY NOT NULL, "tenantId" varchar(128), "callId" varchar(128), "function_name" varchar(100), "args" json, "status" varchar(20) NOT NULL, "message" text NOT NULL, "httpStatus" integer NOT NULL, "durationMs" integer NOT NULL, "error" text, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_02d422de80d7acfdadc76954a0" ON "tool_calls" ("callId") `);
    await queryRunner.query(`CREATE INDEX "IDX_f5d3851fd5691b98fc9407e8ac" ON "tool_calls" ("tenantId", "createdAt") `);
    await queryRunner.query(
      `CREATE TABLE "users" ("id" varchar PRIMARY KEY NOT NULL, "email" varchar(254) NOT NULL, "passwordHash" varchar(255) NOT NULL, "role" varchar(20) NOT NULL DEFAULT ('admin'), "tenantId" varchar(128), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "UQ_97672ac88f789774dd47f7c8be3" UNIQUE ("email"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "IDX_f5d3851fd5691b98fc9407e8ac"`);
    await queryRunner.query(`DROP INDEX "IDX_02d422de80d7acfdadc76954a0"`);
    await queryRunner.query(`DROP TABLE "tool_calls"`);
    await queryRunner.query(`DROP INDEX "IDX_18f78d7d239764017cff88c4b3"`);
    await queryRunner.query(`DROP INDEX "IDX_3c23ed97c6ba04d2d17885b4a8"`);
    await queryRunner.query(`DROP TABLE "sms_messages"`);
    await queryRunner.query(`DROP INDEX "IDX_76bb90854933b52450cbf34e65"`);
    await queryRunner.query(`DROP TABLE "policies"`);
    await queryRunner.query(`DROP INDEX "IDX_f46746f2cb537d89f065a1aa01"`);
    await queryRunner.query(`DROP INDEX "IDX_950aecd82e8ca8a4d8349a39a6"`);
    await queryRunner.query(`DROP TABLE "messages"`);
    await queryRunner.query(`DROP INDEX "IDX_92ece9697bcdb539a78f03a508"`);
    await queryRunner.query(`DROP INDEX "IDX_10fd896b0af16ef509d38f160a"`);
    await queryRunner.query(`DROP INDEX "IDX_b5e122c084a2d82a14056edd0d"`);
    await queryRunner.query(`DROP TABLE "leads"`);
    await queryRunner.query(`DROP INDEX "IDX_f64fb316ed0309b89a77966bf0"`);
    await queryRunner.query(`DROP INDEX "IDX_950066582a02df557b1b7ad37c"`);
    await queryRunner.query(`DROP TABLE "appointments"`);
  }
}
