import { MigrationInterface, QueryRunner } from 'typeorm';

export class SqliteTenantsUsersKeysAudit1764003600000 implements MigrationInterface {
  name = 'TenantsUsersKeysAudit1764003600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "record_changes" ("id" varchar PRIMARY KEY NOT NULL, "tenantId" varchar(128), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "callId" varchar(128), "recordType" varchar(30) NOT NULL, "recordId" varchar(36) NOT NULL, "action" varchar(10) NOT NULL, "actorType" varchar(20) NOT NULL, "actorId" varchar(36), "changes" json)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_cf3c0bda11b3342581ec906eb0" ON "record_changes" ("callId") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_5cc0bef521f12a68317fdbeecb" ON "record_changes" ("tenantId", "createdAt") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_45e399c239197733abab169840" ON "record_changes" ("recordType", "recordId") `,
    );
    await queryRunner.query(
      `CREATE TABLE "tenants" ("id" varchar PRIMARY KEY NOT NULL, "name" varchar(200) NOT NULL, "platformTenantId" varchar(128) NOT NULL, "timezone" varchar(64) NOT NULL, "language" varchar(2) NOT NULL, "defaultCountry" varchar(2) NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "UQ_051b71985d606a9269806567579" UNIQUE ("platformTenantId"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "webhook_keys" ("id" varchar PRIMARY KEY NOT NULL, "tenantId" varchar(128) NOT NULL, "name" varchar(100) NOT NULL, "prefix" varchar(24) NOT NULL, "keyHash" varchar(64) NOT NULL, "createdBy" varchar(36) NOT NULL, "lastUsedAt" datetime, "revokedAt" datetime, "revokedBy" varchar(36), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "UQ_bfca6aa541daa1c74df06fad045" UNIQUE ("keyHash"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_c9e74e0eab41e62d623c60bb9c" ON "webhook_keys" ("tenantId", "createdAt") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_92ece9697bcdb539a78f03a508"`);
    await queryRunner.query(`DROP INDEX "IDX_10fd896b0af16ef509d38f160a"`);
    await queryRunner.query(`DROP INDEX "IDX_b5e122c084a2d82a14056edd0d"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_leads" ("id" varchar PRIMARY KEY NOT NULL, "tenantId" varchar(128), "callId" varchar(128), "firstName" varchar(100) NOT NULL, "lastName" varchar(100), "phone" varchar(20) NOT NULL, "email" varchar(254), "company" varchar(200), "interest" varchar(500), "notes" text, "source" varchar(100), "status" varchar(20) NOT NULL DEFAULT ('new'), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "ownerId" varchar(36))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_leads"("id", "tenantId", "callId", "firstName", "lastName", "phone", "email", "company", "interest", "notes", "source", "status", "createdAt", "updatedAt") SELECT "id", "tenantId", "callId", "firstName", "lastName", "phone", "email", "company", "interest", "notes", "source", "status", "createdAt", "updatedAt" FROM "leads"`,
    );
    await queryRunner.query(`DROP TABLE "leads"`);
    await queryRunner.query(`ALTER TABLE "temporary_leads" RENAME TO "leads"`);
    await queryRunner.query(`CREATE INDEX "IDX_92ece9697bcdb539a78f03a508" ON "leads" ("tenantId", "createdAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_10fd896b0af16ef509d38f160a" ON "leads" ("tenantId", "phone") `);
    await queryRunner.query(`CREATE INDEX "IDX_b5e122c084a2d82a14056edd0d" ON "leads" ("callId") `);
    await queryRunner.query(
      `CREATE TABLE "temporary_users" ("id" varchar PRIMARY KEY NOT NULL, "email" varchar(254) NOT NULL, "passwordHash" varchar(255) NOT NULL, "role" varchar(20) NOT NULL DEFAULT ('admin'), "tenantId" varchar(128), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "name" varchar(200), "active" boolean NOT NULL DEFAULT (1), "tokenVersion" integer NOT NULL DEFAULT (0), CONSTRAINT "UQ_97672ac88f789774dd47f7c8be3" UNIQUE ("email"))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_users"("id", "email", "passwordHash", "role", "tenantId", "createdAt", "updatedAt") SELECT "id", "email", "passwordHash", "role", "tenantId", "createdAt", "updatedAt" FROM "users"`,
    );
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`ALTER TABLE "temporary_users" RENAME TO "users"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_users" ("id" varchar PRIMARY KEY NOT NULL, "email" varchar(254) NOT NULL, "passwordHash" varchar(255) NOT NULL, "role" varchar(20) NOT NULL, "tenantId" varchar(128), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "name" varchar(200), "active" boolean NOT NULL DEFAULT (1), "tokenVersion" integer NOT NULL DEFAULT (0), CONSTRAINT "UQ_97672ac88f789774dd47f7c8be3" UNIQUE ("email"))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_users"("id", "email", "passwordHash", "role", "tenantId", "createdAt", "updatedAt", "name", "active", "tokenVersion") SELECT "id", "email", "passwordHash", "role", "tenantId", "createdAt", "updatedAt", "name", "active", "tokenVersion" FROM "users"`,
    );
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`ALTER TABLE "temporary_users" RENAME TO "users"`);
    // The first schema's bootstrap admin spanned tenants: that is an owner now.
    await queryRunner.query(`UPDATE "users" SET "role" = 'owner' WHERE "role" = 'admin' AND "tenantId" IS NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" RENAME TO "temporary_users"`);
    await queryRunner.query(
      `CREATE TABLE "users" ("id" varchar PRIMARY KEY NOT NULL, "email" varchar(254) NOT NULL, "passwordHash" varchar(255) NOT NULL, "role" varchar(20) NOT NULL DEFAULT ('admin'), "tenantId" varchar(128), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "name" varchar(200), "active" boolean NOT NULL DEFAULT (1), "tokenVersion" integer NOT NULL DEFAULT (0), CONSTRAINT "UQ_97672ac88f789774dd47f7c8be3" UNIQUE ("email"))`,
    );
    await queryRunner.query(
      `INSERT INTO "users"("id", "email", "passwordHash", "role", "tenantId", "createdAt", "updatedAt", "name", "active", "tokenVersion") SELECT "id", "email", "passwordHash", "role", "tenantId", "createdAt", "updatedAt", "name", "active", "tokenVersion" FROM "temporary_users"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_users"`);
    await queryRunner.query(`ALTER TABLE "users" RENAME TO "temporary_users"`);
    await queryRunner.query(
      `CREATE TABLE "users" ("id" varchar PRIMARY KEY NOT NULL, "email" varchar(254) NOT NULL, "passwordHash" varchar(255) NOT NULL, "role" varchar(20) NOT NULL DEFAULT ('admin'), "tenantId" varchar(128), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "UQ_97672ac88f789774dd47f7c8be3" UNIQUE ("email"))`,
    );
    await queryRunner.query(
      `INSERT INTO "users"("id", "email", "passwordHash", "role", "tenantId", "createdAt", "updatedAt") SELECT "id", "email", "passwordHash", "role", "tenantId", "createdAt", "updatedAt" FROM "temporary_users"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_users"`);
    await queryRunner.query(`DROP INDEX "IDX_b5e122c084a2d82a14056edd0d"`);
    await queryRunner.query(`DROP INDEX "IDX_10fd896b0af16ef509d38f160a"`);
    await queryRunner.query(`DROP INDEX "IDX_92ece9697bcdb539a78f03a508"`);
    await queryRunner.query(`ALTER TABLE "leads" RENAME TO "temporary_leads"`);
    await queryRunner.query(
      `CREATE TABLE "leads" ("id" varchar PRIMARY KEY NOT NULL, "tenantId" varchar(128), "callId" varchar(128), "firstName" varchar(100) NOT NULL, "lastName" varchar(100), "phone" varchar(20) NOT NULL, "email" varchar(254), "company" varchar(200), "interest" varchar(500), "notes" text, "source" varchar(100), "status" varchar(20) NOT NULL DEFAULT ('new'), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `INSERT INTO "leads"("id", "tenantId", "callId", "firstName", "lastName", "phone", "email", "company", "interest", "notes", "source", "status", "createdAt", "updatedAt") SELECT "id", "tenantId", "callId", "firstName", "lastName", "phone", "email", "company", "interest", "notes", "source", "status", "createdAt", "updatedAt" FROM "temporary_leads"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_leads"`);
    await queryRunner.query(`CREATE INDEX "IDX_b5e122c084a2d82a14056edd0d" ON "leads" ("callId") `);
    await queryRunner.query(`CREATE INDEX "IDX_10fd896b0af16ef509d38f160a" ON "leads" ("tenantId", "phone") `);
    await queryRunner.query(`CREATE INDEX "IDX_92ece9697bcdb539a78f03a508" ON "leads" ("tenantId", "createdAt") `);
    await queryRunner.query(`DROP INDEX "IDX_c9e74e0eab41e62d623c60bb9c"`);
    await queryRunner.query(`DROP TABLE "webhook_keys"`);
    await queryRunner.query(`DROP TABLE "tenants"`);
    await queryRunner.query(`DROP INDEX "IDX_45e399c239197733abab169840"`);
    await queryRunner.query(`DROP INDEX "IDX_5cc0bef521f12a68317fdbeecb"`);
    await queryRunner.query(`DROP INDEX "IDX_cf3c0bda11b3342581ec906eb0"`);
    await queryRunner.query(`DROP TABLE "record_changes"`);
  }
}
