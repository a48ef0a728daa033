import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 9 (toll fraud): the countries a tenant may text, and the billed segments of each text
 * for the caps. Texts already sent count as one segment each.
 */
export class PostgresSmsDestinationPolicy1764018000000 implements MigrationInterface {
  name = 'SmsDestinationPolicy1764018000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tenants" ADD "smsAllowedCountries" json`);
    await queryRunner.query(`ALTER TABLE "sms_messages" ADD "segments" integer NOT NULL DEFAULT '1'`);
    await queryRunner.query(`CREATE INDEX "IDX_7e259751b7add61848015e1127" ON "sms_messages"  ("createdAt") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_7e259751b7add61848015e1127"`);
    await queryRunner.query(`ALTER TABLE "sms_messages" DROP COLUMN "segments"`);
    await queryRunner.query(`ALTER TABLE "tenants" DROP COLUMN "smsAllowedCountries"`);
  }
}
