import { MigrationInterface, QueryRunner } from 'typeorm';

export class PostgresTenantsUsersKeysAudit1764003600000 implements MigrationInterface {
  name = 'TenantsUsersKeysAudit1764003600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "record_changes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenantId" character varying(128), "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "callId" character varying(128), "recordType" character varying(30) NOT NULL, "recordId" character varying(36) NOT NULL, "action" character varying(10) NOT NULL, "actorType" character varying(20) NOT NULL, "actorId" character varying(36), "changes" json, CONSTRAINT "PK_cbe35dededa6cbb339e68ffd3c7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_cf3c0bda11b3342581ec906eb0" ON "record_changes"  ("callId") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_5cc0bef521f12a68317fdbeecb" ON "record_changes"  ("tenantId", "createdAt") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_45e399c239197733abab169840" ON "record_changes"  ("recordType", "recordId") `,
    );
    await queryRunner.query(
      `CREATE TABLE "tenants" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "platformTenantId" character varying(128) NOT NULL, "timezone" character varying(64) NOT NULL, "language" character varying(2) NOT NULL, "defaultCountry" character varying(2) NOT NULL, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "UQ_051b71985d606a9269806567579" UNIQUE ("platformTenantId"), CONSTRAINT "PK_53be67a04681c66b87ee27c9321" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "webhook_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenantId" character varying(128) NOT NULL, "name" character varying(100) NOT NULL, "prefix" character varying(24) NOT NULL, "keyHash" character varying(64) NOT NULL, "createdBy" character varying(36) NOT NULL, "lastUsedAt" TIMESTAMP, "revokedAt" TIMESTAMP, "revokedBy" character varying(36), "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "UQ_bfca6aa541daa1c74df06fad045" UNIQUE ("keyHash"), CONSTRAINT "PK_ade4aaece5370e2c3cb9788e9b0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_c9e74e0eab41e62d623c60bb9c" ON "webhook_keys"  ("tenantId", "createdAt") `,
    );
    await queryRunner.query(`ALTER TABLE "leads" ADD "ownerId" character varying(36)`);
    await queryRunner.query(`ALTER TABLE "users" ADD "name" character varying(200)`);
    await queryRunner.query(`ALTER TABLE "users" ADD "active" boolean NOT NULL DEFAULT true`);
    await queryRunner.query(`ALTER TABLE "users" ADD "tokenVersion" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "role" DROP DEFAULT`);
    // The first schema's bootstrap admin spanned tenants: that is an owner now.
    await queryRunner.query(`UPDATE "users" SET "role" = 'owner' WHERE "role" = 'admin' AND "tenantId" IS NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "role" SET DEFAULT 'admin'`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "tokenVersion"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "active"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "name"`);
    await queryRunner.query(`ALTER TABLE "leads" DROP COLUMN "ownerId"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c9e74e0eab41e62d623c60bb9c"`);
    await queryRunner.query(`DROP TABLE "webhook_keys"`);
    await queryRunner.query(`DROP TABLE "tenants"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_45e399c239197733abab169840"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5cc0bef521f12a68317fdbeecb"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cf3c0bda11b3342581ec906eb0"`);
    await queryRunner.query(`DROP TABLE "record_changes"`);
  }
}
