import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The grid appointments are booked on, in minutes: every booking holds each step it covers. */
export const SLOT_STEP_MINUTES = 5;

/**
 * One step of a tenant's calendar held by an appointment. The primary key is what keeps two
 * bookings from overlapping, also when they arrive at the same moment: the second insert of a
 * step already held fails, and its whole booking is rolled back.
 */
@Entity('appointment_slots')
export class AppointmentSlot {
  /** The platform tenant id ('' for records of no tenant: the key cannot hold null). */
  @PrimaryColumn({ type: 'varchar', length: 128 })
  tenantKey: string;

  /** The UTC start of the step. */
  @PrimaryColumn({ type: Date })
  startsAt: Date;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  appointmentId: string;
}
