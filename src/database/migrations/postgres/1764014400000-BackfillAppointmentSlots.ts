import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Appointments booked before the slot grid existed hold no steps, so nothing would stop a new
 * booking on top of them: give every timed, not cancelled one the 5-minute steps it covers.
 * Where two old appointments already overlap, the first keeps the shared steps.
 */
export class PostgresBackfillAppointmentSlots1764014400000 implements MigrationInterface {
  name = 'BackfillAppointmentSlots1764014400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      INSERT INTO "appointment_slots" ("tenantKey", "startsAt", "appointmentId")
      SELECT COALESCE(a."tenantId", ''), step, a."id"
      FROM "appointments" a,
      LATERAL generate_series(
        to_timestamp(floor(extract(epoch FROM a."startsAt") / 300) * 300) AT TIME ZONE 'UTC',
        a."startsAt" + a."durationMinutes" * interval '1 minute' - interval '1 microsecond',
        interval '5 minutes'
      ) AS step
      WHERE a."status" <> 'cancelled' AND a."time" IS NOT NULL
      ORDER BY a."createdAt"
      ON CONFLICT DO NOTHING`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "appointment_slots"`);
  }
}
