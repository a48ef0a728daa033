import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Appointments booked before the slot grid existed hold no steps, so nothing would stop a new
 * booking on top of them: give every timed, not cancelled one the 5-minute steps it covers
 * (timestamps are UTC text, as TypeORM writes them). Where two old appointments already overlap,
 * the first keeps the shared steps.
 */
export class SqliteBackfillAppointmentSlots1764014400000 implements MigrationInterface {
  name = 'BackfillAppointmentSlots1764014400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      INSERT OR IGNORE INTO "appointment_slots" ("tenantKey", "startsAt", "appointmentId")
      WITH RECURSIVE steps("appointmentId", "tenantKey", "step", "finish", "createdAt") AS (
        SELECT "id", COALESCE("tenantId", ''), (CAST(strftime('%s', "startsAt") AS INTEGER) / 300) * 300,
               CAST(strftime('%s', "startsAt") AS INTEGER) + "durationMinutes" * 60, "createdAt"
        FROM "appointments" WHERE "status" <> 'cancelled' AND "time" IS NOT NULL
        UNION ALL
        SELECT "appointmentId", "tenantKey", "step" + 300, "finish", "createdAt" FROM steps WHERE "step" + 300 < "finish"
      )
      SELECT "tenantKey", strftime('%Y-%m-%d %H:%M:%f', "step", 'unixepoch'), "appointmentId" FROM steps ORDER BY "createdAt", "step"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "appointment_slots"`);
  }
}
