import { MigrationInterface, QueryRunner } from 'typeorm';

export class SqliteConversationSettings1764010800000 implements MigrationInterface {
  name = 'ConversationSettings1764010800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "appointment_slots" ("tenantKey" varchar(128) NOT NULL, "startsAt" datetime NOT NULL, "appointmentId" varchar(36) NOT NULL, PRIMARY KEY ("tenantKey", "startsAt"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_690c72fd720f41dd96ecc009b1" ON "appointment_slots" ("appointmentId") `);
    await queryRunner.query(
      `CREATE TABLE "temporary_tenants" ("id" varchar PRIMARY KEY NOT NULL, "name" varchar(200) NOT NULL, "platformTenantId" varchar(128) NOT NULL, "timezone" varchar(64) NOT NULL, "language" varchar(2) NOT NULL, "defaultCountry" varchar(2) NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "smsMaxPerCall" integer, "smsMaxPerHour" integer, "businessHours" json, "appointmentMinutes" integer, "policyLookupRequiresMatch" boolean NOT NULL DEFAULT (0), "onCallPhone" varchar(20), CONSTRAINT "UQ_051b71985d606a9269806567579" UNIQUE ("platformTenantId"))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_tenants"("id", "name", "platformTenantId", "timezone", "language", "defaultCountry", "createdAt", "updatedAt", "smsMaxPerCall", "smsMaxPerHour") SELECT "id", "name", "platformTenantId", "timezone", "language", "defaultCountry", "createdAt", "updatedAt", "smsMaxPerCall", "smsMaxPerHour" FROM "tenants"`,
    );
    await queryRunner.query(`DROP TABLE "tenants"`);
    await queryRunner.query(`ALTER TABLE "temporary_tenants" RENAME TO "tenants"`);
    await queryRunner.query(`CREATE INDEX "IDX_fdd58ed32361cd5e11886f4095" ON "leads" ("tenantId", "email") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_fdd58ed32361cd5e11886f4095"`);
    await queryRunner.query(`ALTER TABLE "tenants" RENAME TO "temporary_tenants"`);
    await queryRunner.query(
      `CREATE TABLE "tenants" ("id" varchar PRIMARY KEY NOT NULL, "name" varchar(200) NOT NULL, "platformTenantId" varchar(128) NOT NULL, "timezone" varchar(64) NOT NULL, "language" varchar(2) NOT NULL, "defaultCountry" varchar(2) NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "smsMaxPerCall" integer, "smsMaxPerHour" integer, CONSTRAINT "UQ_051b71985d606a9269806567579" UNIQUE ("platformTenantId"))`,
    );
    await queryRunner.query(
      `INSERT INTO "tenants"("id", "name", "platformTenantId", "timezone", "language", "defaultCountry", "createdAt", "updatedAt", "smsMaxPerCall", "smsMaxPerHour") SELECT "id", "name", "platformTenantId", "timezone", "language", "defaultCountry", "createdAt", "updatedAt", "smsMaxPerCall", "smsMaxPerHour" FROM "temporary_tenants"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_tenants"`);
    await queryRunner.query(`DROP INDEX "IDX_690c72fd720f41dd96ecc009b1"`);
    await queryRunner.query(`DROP TABLE "appointment_slots"`);
  }
}
