import { Column, Entity, Index, UpdateDateColumn } from 'typeorm';

import { CallOriginated } from '../database/call-originated.entity';

export const APPOINTMENT_STATUSES = ['scheduled', 'confirmed', 'cancelled', 'completed', 'no_show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

@Entity('appointments')
@Index(['tenantId', 'startsAt'])
export class Appointment extends CallOriginated {
  @Column({ type: 'varchar', length: 200 })
  callerName: string;

  /** E.164. */
  @Column({ type: 'varchar', length: 20 })
  phone: string;

  @Column({ type: 'varchar', length: 500 })
  purpose: string;

  /** Local calendar date in `timezone`, YYYY-MM-DD. */
  @Column({ type: 'varchar', length: 10 })
  date: string;

  /** Local time HH:mm, or null when the caller gave only a day. */
  @Column({ type: 'varchar', length: 5, nullable: true })
  time: string | null;

  @Column({ type: 'varchar', length: 64 })
  timezone: string;

  /** The UTC instant the appointment starts (the start of `date` when no time was given). */
  @Column({ type: Date })
  startsAt: Date;

  @Column({ type: 'integer', default: 30 })
  durationMinutes: number;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  /** The caller's own words for the date and time, kept for staff. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  requestedAs: string | null;

  @Column({ type: 'varchar', length: 20, default: 'scheduled' })
  status: AppointmentStatus;

  @UpdateDateColumn()
  updatedAt: Date;
}
