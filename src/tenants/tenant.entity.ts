import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const TENANT_LANGUAGES = ['en', 'es'] as const;
export type TenantLanguage = (typeof TENANT_LANGUAGES)[number];

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Opening hours per weekday in the tenant's zone, "HH:mm"; a day left out (or null) is closed. */
export type BusinessHours = Partial<Record<Weekday, { opens: string; closes: string } | null>>;

/**
 * A company on the VoIP platform (an agency, a clinic, a sales team). Records everywhere carry
 * the platform's id for it, `platformTenantId`, which is what tool calls name as `tenant_id`.
 */
@Entity('tenants')
export class Tenant {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 128, unique: true })
  platformTenantId: string;

  /** IANA zone in which the tenant's callers' dates and times are understood. */
  @Column({ type: 'varchar', length: 64 })
  timezone: string;

  @Column({ type: 'varchar', length: 2 })
  language: TenantLanguage;

  /** ISO 3166 country assumed for phone numbers said without a country code. */
  @Column({ type: 'varchar', length: 2 })
  defaultCountry: string;

  /** When appointments can be booked; null: Monday to Friday, 9:00 to 17:00. */
  @Column({ type: 'json', nullable: true })
  businessHours: BusinessHours | null;

  /** Length of an appointment booked without one; null: 30 minutes. */
  @Column({ type: 'integer', nullable: true })
  appointmentMinutes: number | null;

  /** How many days ahead appointments may be booked, by callers and staff; null: 365. */
  @Column({ type: 'integer', nullable: true })
  bookingHorizonDays: number | null;

  /** A policy's status is read out only after the caller matched its holder (last name, date of birth or phone). */
  @Column({ type: 'boolean', default: false })
  policyLookupRequiresMatch: boolean;

  /** E.164 number texted a summary of every urgent message; null: nobody is. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  onCallPhone: string | null;

  /**
   * ISO 3166 countries whose numbers the tenant may text; null: its `defaultCountry` only.
   * Premium-rate, shared-cost and unclassifiable numbers are refused whatever this says.
   */
  @Column({ type: 'json', nullable: true })
  smsAllowedCountries: string[] | null;

  /** SMS segments one phone call may send; null: SMS_MAX_PER_CALL. */
  @Column({ type: 'integer', nullable: true })
  smsMaxPerCall: number | null;

  /** SMS segments the tenant may send per hour; null: SMS_MAX_PER_TENANT_HOUR. */
  @Column({ type: 'integer', nullable: true })
  smsMaxPerHour: number | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
