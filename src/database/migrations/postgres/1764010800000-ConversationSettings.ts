import { MigrationInterface, QueryRunner } from 'typeorm';

export class PostgresConversationSettings1764010800000 implements MigrationInterface {
  name = 'ConversationSettings1764010800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "appointment_slots" ("tenantKey" character varying(128) NOT NULL, "startsAt" TIMESTAMP NOT NULL, "appointmentId" character varying(36) NOT NULL, CONSTRAINT "PK_81991aa4ac66516a84d16706dda" PRIMARY KEY ("tenantKey", "startsAt"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_690c72fd720f41dd96ecc009b1" ON "appointment_slots"  ("appointmentId") `);
    await queryRunner.query(`ALTER TABLE "tenants" ADD "businessHours" json`);
    await queryRunner.query(`ALTER TABLE "tenants" ADD "appointmentMinutes" integer`);
    await queryRunner.query(`ALTER TABLE "tenants" ADD "policyLookupRequiresMatch" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "tenants" ADD "onCallPhone" character varying(20)`);
    await queryRunner.query(`CREATE INDEX "IDX_fdd58ed32361cd5e11886f4095" ON "leads"  ("tenantId", "email") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_fdd58ed32361cd5e11886f4095"`);
    await queryRunner.query(`ALTER TABLE "tenants" DROP COLUMN "onCallPhone"`);
    await queryRunner.query(`ALTER TABLE "tenants" DROP COLUMN "policyLookupRequiresMatch"`);
    await queryRunner.query(`ALTER TABLE "tenants" DROP COLUMN "appointmentMinutes"`);
    await queryRunner.query(`ALTER TABLE "tenants" DROP COLUMN "businessHours"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_690c72fd720f41dd96ecc009b1"`);
    await queryRunner.query(`DROP TABLE "appointment_slots"`);
  }
}
