import { MigrationInterface, QueryRunner } from 'typeorm';

export class PostgresInitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "appointments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenantId" character varying(128), "callId" character varying(128), "callerName" character varying(200) NOT NULL, "phone" character varying(20) NOT NULL, "purpose" character varying(500) NOT NULL, "date" character varying(10) NOT NULL, "time" character varying(5), "timezone" character varying(64) NOT NULL, "startsAt" TIMESTAMP NOT NULL, "durationMinutes" integer NOT NULL DEFAULT '30', "notes" text, "requestedAs" character varying(200), "status" character varying(20) NOT NULL DEFAULT 'scheduled', "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_4a437a9a27e948726b8bb3e36ad" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_950066582a02df557b1b7ad37c" ON "appointments"  ("callId") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_f64fb316ed0309b89a77966bf0" ON "appointments"  ("tenantId", "startsAt") `,
    );
    await queryRunner.query(
      `CREATE TABLE "leads" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenantId" character varying(128), "callId" character varying(128), "firstName" character varying(100) NOT NULL, "lastName" character varying(100), "phone" character varying(20) NOT NULL, "email" character varying(254), "company" character varying(200), "interest" character varying(500), "notes" text, "source" character varying(100), "status" character varying(20) NOT NULL DEFAULT 'new', "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_cd102ed7a9a4ca7d4d8bfeba406" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_b5e122c084a2d82a14056edd0d" ON "leads"  ("callId") `);
    await queryRunner.query(`CREATE INDEX "IDX_10fd896b0af16ef509d38f160a" ON "leads"  ("tenantId", "phone") `);
    await queryRunner.query(`CREATE INDEX "IDX_92ece9697bcdb539a78f03a508" ON "leads"  ("tenantId", "createdAt") `);
    await queryRunner.query(
      `CREATE TABLE "messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenantId" character varying(128), "callId" character varying(128), "callerName" character varying(200) NOT NULL, "callerPhone" character varying(20) NOT NULL, "body" text NOT NULL, "forPerson" character varying(200), "urgent" boolean NOT NULL DEFAULT false, "callbackPreferredTime" character varying(200), "handled" boolean NOT NULL DEFAULT false, "handledAt" TIMESTAMP, "handledBy" character varying(36), "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_18325f38ae6de43878487eff986" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_950aecd82e8ca8a4d8349a39a6" ON "messages"  ("callId") `);
    await queryRunner.query(`CREATE INDEX "IDX_f46746f2cb537d89f065a1aa01" ON "messages"  ("tenantId", "createdAt") `);
    await queryRunner.query(
      `CREATE TABLE "policies" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenantId" character varying(128), "policyNumber" character varying(64) NOT NULL, "policyKey" character varying(64) NOT NULL, "status" character varying(20) NOT NULL, "firstName" character varying(100), "lastName" character varying(100), "phone" character varying(20), "dateOfBirth" character varying(10), "productType" character varying(100), "renewalDate" character varying(10), "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_603e09f183df0108d8695c57e28" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_76bb90854933b52450cbf34e65" ON "policies"  ("tenantId", "policyKey") `,
    );
    await queryRunner.query(
      `CREATE TABLE "sms_messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenantId" character varying(128), "callId" character varying(128), "toPhone" character varying(20) NOT NULL, "body" text NOT NULL, "purpose" character varying(100), "callerName" character varying(200), "requestedBy" character varying(64) NOT NULL, "status" character varying(20) NOT NULL, "provider" character varying(20) NOT NULL, "providerMessageId" character varying(100), "error" text, "sentAt" TIMESTAMP, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_6d4cfef86e93e3fde23954d11bc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_3c23ed97c6ba04d2d17885b4a8" ON "sms_messages"  ("callId") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_18f78d7d239764017cff88c4b3" ON "sms_messages"  ("tenantId", "createdAt") `,
    );
    await queryRunner.query(
      `CREATE TABLE "tool_calls" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenantId" character varying(128), "callId" character varying(128), "function_name" character varying(100), "args" json, "status" character varying(20) NOT NULL, "message" text NOT NULL, "httpStatus" integer NOT NULL, "durationMs" integer NOT NULL, "error" text, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_08984f8a6bc13859241462df855" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_02d422de80d7acfdadc76954a0" ON "tool_calls"  ("callId") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_f5d3851fd5691b98fc9407e8ac" ON "tool_calls"  ("tenantId", "createdAt") `,
    );
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(254) NOT NULL, "passwordHash" character varying(255) NOT NULL, "role" character varying(20) NOT NULL DEFAULT 'admin', "tenantId" character varying(128), "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "UQ_97672ac88f789774dd47f7c8be3" UNIQUE ("email"), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f5d3851fd5691b98fc9407e8ac"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_02d422de80d7acfdadc76954a0"`);
    await queryRunner.query(`DROP TABLE "tool_calls"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_18f78d7d239764017cff88c4b3"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3c23ed97c6ba04d2d17885b4a8"`);
    await queryRunner.query(`DROP TABLE "sms_messages"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_76bb90854933b52450cbf34e65"`);
    await queryRunner.query(`DROP TABLE "policies"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f46746f2cb537d89f065a1aa01"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_950aecd82e8ca8a4d8349a39a6"`);
    await queryRunner.query(`DROP TABLE "messages"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_92ece9697bcdb539a78f03a508"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_10fd896b0af16ef509d38f160a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b5e122c084a2d82a14056edd0d"`);
    await queryRunner.query(`DROP TABLE "leads"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f64fb316ed0309b89a77966bf0"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_950066582a02df557b1b7ad37c"`);
    await queryRunner.query(`DROP TABLE "appointments"`);
  }
}
