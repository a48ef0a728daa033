import { MigrationInterface, QueryRunner } from 'typeorm';

/** How many days ahead a tenant books (null: 365); existing tenants keep the default. */
export class SqliteBookingHorizon1764032400000 implements MigrationInterface {
  name = 'BookingHorizon1764032400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tenants" ADD COLUMN "bookingHorizonDays" integer`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tenants" DROP COLUMN "bookingHorizonDays"`);
  }
}
