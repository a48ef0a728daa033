import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 9 (toll fraud): the countries a tenant may text, and the billed segments of each text
 * for the caps. ADD COLUMN rather than the generator's table rebuild, so that migrations merged
 * beside this one that rebuild these tables need not list these columns. Texts already sent
 * count as one segment each.
 */
export class SqliteSmsDestinationPolicy1764018000000 implements MigrationInterface {
  name = 'SmsDestinationPolicy1764018000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tenants" ADD COLUMN "smsAllowedCountries" json`);
    await queryRunner.query(`ALTER TABLE "sms_messages" ADD COLUMN "segments" integer NOT NULL DEFAULT (1)`);
    await queryRunner.query(`CREATE INDEX "IDX_7e259751b7add61848015e1127" ON "sms_messages" ("createdAt") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_7e259751b7add61848015e1127"`);
    await queryRunner.query(`ALTER TABLE "sms_messages" DROP COLUMN "segments"`);
    await queryRunner.query(`ALTER TABLE "tenants" DROP COLUMN "smsAllowedCountries"`);
  }
}
