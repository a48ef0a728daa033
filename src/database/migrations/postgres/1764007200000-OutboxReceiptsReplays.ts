import { MigrationInterface, QueryRunner } from 'typeorm';

export class PostgresOutboxReceiptsReplays1764007200000 implements MigrationInterface {
  name = 'OutboxReceiptsReplays1764007200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sms_opt_outs" ("phone" character varying(20) NOT NULL, "optedOut" boolean NOT NULL, "keyword" character varying(20) NOT NULL, "providerMessageId" character varying(100), "changedAt" TIMESTAMP NOT NULL, "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_14dd9fd7ec736f4ce6420ce28da" PRIMARY KEY ("phone"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "tool_call_fingerprints" ("fingerprint" character varying(64) NOT NULL, "tenantId" character varying(128), "callId" character varying(128) NOT NULL, "toolCallId" character varying(36) NOT NULL, "httpStatus" integer, "reply" json, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_0b03b40ddd432b61d0bad9da134" PRIMARY KEY ("fingerprint"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_55d5a27e43d28a9b6399762ff2" ON "tool_call_fingerprints"  ("createdAt") `,
    );
    await queryRunner.query(`ALTER TABLE "sms_messages" ADD "attempts" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "sms_messages" ADD "nextAttemptAt" TIMESTAMP`);
    await queryRunner.query(`ALTER TABLE "sms_messages" ADD "leaseOwner" character varying(64)`);
    await queryRunner.query(`ALTER TABLE "sms_messages" ADD "leaseExpiresAt" TIMESTAMP`);
    await queryRunner.query(`ALTER TABLE "sms_messages" ADD "receiptStatus" character varying(20)`);
    await queryRunner.query(`ALTER TABLE "sms_messages" ADD "receiptAt" TIMESTAMP`);
    await queryRunner.query(`ALTER TABLE "tenants" ADD "smsMaxPerCall" integer`);
    await queryRunner.query(`ALTER TABLE "tenants" ADD "smsMaxPerHour" integer`);
    await queryRunner.query(`ALTER TABLE "tool_calls" ADD "replayOf" character varying(36)`);
    await queryRunner.query(`CREATE INDEX "IDX_6b42fb9ea93e1dd685944231de" ON "sms_messages"  ("providerMessageId") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_c5b464724820f8b4eb75fbaa3f" ON "sms_messages"  ("status", "nextAttemptAt") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_c5b464724820f8b4eb75fbaa3f"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6b42fb9ea93e1dd685944231de"`);
    await queryRunner.query(`ALTER TABLE "tool_calls" DROP COLUMN "replayOf"`);
    await queryRunner.query(`ALTER TABLE "tenants" DROP COLUMN "smsMaxPerHour"`);
    await queryRunner.query(`ALTER TABLE "tenants" DROP COLUMN "smsMaxPerCall"`);
    await queryRunner.query(`ALTER TABLE "sms_messages" DROP COLUMN "receiptAt"`);
    await queryRunner.query(`ALTER TABLE "sms_messages" DROP COLUMN "receiptStatus"`);
    await queryRunner.query(`ALTER TABLE "sms_messages" DROP COLUMN "leaseExpiresAt"`);
    await queryRunner.query(`ALTER TABLE "sms_messages" DROP COLUMN "leaseOwner"`);
    await queryRunner.query(`ALTER TABLE "sms_messages" DROP COLUMN "nextAttemptAt"`);
    await queryRunner.query(`ALTER TABLE "sms_messages" DROP COLUMN "attempts"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_55d5a27e43d28a9b6399762ff2"`);
    await queryRunner.query(`DROP TABLE "tool_call_fingerprints"`);
    await queryRunner.query(`DROP TABLE "sms_opt_outs"`);
  }
}
