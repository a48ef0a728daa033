import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { Between, FindOptionsWhere, LessThanOrEqual, MoreThanOrEqual, Repository } from 'typeorm';

import { Page, toPage } from '../common/dto/page';
import { createdWithin, searchConditions } from '../common/dto/search-conditions';
import { DomainException } from '../common/errors/domain.exception';
import { isUniqueViolation } from '../common/errors/unique-violation';
import { PhoneNumbersService } from '../common/phone/phone-numbers.service';
import { Actor, callIdOf } from '../common/tenancy/actor';
import { findInTenant } from '../common/tenancy/find-in-tenant';
import { tenantCondition, tenantForCreate } from '../common/tenancy/tenant-condition';
import { TenantScope } from '../common/tenancy/tenant-scope';
import { SqlDialect } from '../database/sql-dialect';
import { Statement } from '../database/statement';
import { RecordChangesService } from '../record-changes/record-changes.service';
import { TenantsService } from '../tenants/tenants.service';
import { Appointment } from './appointment.entity';
import { AppointmentAvailabilityService, tenantKey } from './appointment-availability.service';
import { AppointmentSlotsRepository } from './appointment-slots.repository';
import { BookingRules, requireWithinHorizon, withinHours } from './business-hours';
import { BookingResult, CallerBooking } from './dto/caller-booking';
import { CreateAppointmentDto } from './dto/create-appointment.dto';
import { ListAppointmentsQueryDto } from './dto/list-appointments-query.dto';
import { UpdateAppointmentDto } from './dto/update-appointment.dto';
import { stepsCovering } from './free-slots';

/** What a booking holds on the tenant's calendar: nothing when it has no time or is cancelled. */
type Holding = Pick<Appointment, 'time' | 'status' | 'startsAt' | 'durationMinutes'>;

function holdsSteps(appointment: Holding): boolean {
  return appointment.time !== null && appointment.status !== 'cancelled';
}

function sameHolding(before: Holding, after: Holding): boolean {
  if (holdsSteps(before) !== holdsSteps(after)) return false;
  return (
    !holdsSteps(after) ||
    (before.startsAt.getTime() === after.startsAt.getTime() && before.durationMinutes === after.durationMinutes)
  );
}

/** The refusal of a booking that overlaps another of its tenant (409 for staff; book offers other times instead). */
export function slotTaken(): DomainException {
  return new DomainException(
    'conflict',
    'time overlaps another appointment of this tenant; choose another time',
    'time',
  );
}

export function isSlotTaken(error: unknown): boolean {
  return error instanceof DomainException && error.code === 'conflict' && error.field === 'time';
}

@Injectable()
export class AppointmentsService {
  constructor(
    @InjectRepository(Appointment) private readonly appointments: Repository<Appointment>,
    private readonly slots: AppointmentSlotsRepository,
    private readonly sql: SqlDialect,
    private readonly availability: AppointmentAvailabilityService,
    private readonly tenants: TenantsService,
    private readonly phones: PhoneNumbersService,
    private readonly changes: RecordChangesService,
  ) {}

  /**
   * Books an appointment for staff in its tenant's zone (DEFAULT_TIMEZONE for a tenant not
   * stored), the phone read in its country. One with a time holds every step of its span in the
   * same transaction as its row, so that of two overlapping bookings, also simultaneous ones,
   * exactly one is stored: the other is refused with a conflict naming `time`. A day without a
   * time holds nothing. Staff may book outside business hours (callers may not: see book), but no
   * further ahead than the tenant's booking horizon (a 400 naming `date`), as callers.
   * `requestedAs`: the caller's own words for the date and time, kept for staff.
   */
  async schedule(
    scope: TenantScope,
    input: CreateAppointmentDto,
    actor: Actor,
    requestedAs: string | null = null,
  ): Promise<Appointment> {
    const tenantId = tenantForCreate(scope);
    const tenant = await this.tenants.findCached(tenantId);
    const phone = this.phones.requireE164(input.phone, 'phone', tenant?.defaultCountry);
    const record = await this.insert(
      tenantId,
      this.availability.rulesFor(tenant),
      { ...input, phone },
      actor,
      requestedAs,
    );
    await this.changes.record({
      tenantId,
      recordType: 'appointment',
      recordId: record.id,
      action: 'create',
      actor,
      changes: { ...input },
    });
    return record;
  }

  /**
   * A caller's booking, under the tenant's `rules`: booked when it fits within the day's opening
   * hours and no other booking holds part of it (the steps are held as for schedule), else
   * unavailable with the free times nearest to it. A day beyond the tenant's booking horizon is
   * refused as an invalid `date` (reason `beyond_horizon`). A caller whose number could not be read is
   * told so only for a time that can be had. `now`: the moment the caller's words were read.
   */
  async book(
    scope: TenantScope,
    rules: BookingRules,
    booking: CallerBooking,
    actor: Actor,
    requestedAs: string | null,
    now: DateTime = DateTime.now().setZone(rules.zone),
  ): Promise<BookingResult> {
    const tenantId = tenantForCreate(scope);
    const { start, durationMinutes, phone } = booking;
    const unavailable = async (reason: 'taken' | 'outside_hours'): Promise<BookingResult> => ({
      kind: 'unavailable',
      reason,
      offers: await this.availability.offers(tenantId, rules, start.startOf('day'), start, durationMinutes, now),
    });
    // A day too far ahead is asked again (not offered other times): nothing near it can be booked either.
    requireWithinHorizon(rules, start, now);
    if (!withinHours(rules, start, durationMinutes)) return unavailable('outside_hours');
    if (phone === null) throw DomainException.invalid('phone', 'phone must be a valid phone number', 'phone');
    try {
      const appointment = await this.insert(
        tenantId,
        rules,
        {
          callerName: booking.callerName,
          phone,
          purpose: booking.purpose,
          date: start.toISODate()!,
          time: start.toFormat('HH:mm'),
          durationMinutes,
          notes: booking.notes,
        },
        actor,
        requestedAs,
      );
      return { kind: 'booked', appointment };
    } catch (error) {
      // Another booking holds part of that time (perhaps one made a moment ago, on another call).
      if (isSlotTaken(error)) return unavailable('taken');
      throw error;
    }
  }

  async list(scope: TenantScope, query: ListAppointmentsQueryDto): Promise<Page<Appointment>> {
    const date =
      query.from && query.to
        ? Between(query.from, query.to)
        : query.from
          ? MoreThanOrEqual(query.from)
          : query.to
            ? LessThanOrEqual(query.to)
            : undefined;
    const base: FindOptionsWhere<Appointment> = {
      ...tenantCondition(scope),
      ...createdWithin(query),
      ...(query.status && { status: query.status }),
      ...(query.call_id && { callId: query.call_id }),
      ...(date && { date }),
    };
    const where = searchConditions(base, query.q, ['callerName', 'purpose'], ['phone']);
    return toPage(
      await this.appointments.findAndCount({
        where,
        order: { startsAt: 'ASC', id: 'ASC' },
        take: query.limit,
        skip: query.offset,
      }),
      query,
    );
  }

  findByCall(scope: TenantScope, callId: string): Promise<Appointment[]> {
    return this.appointments.find({ where: { ...tenantCondition(scope), callId }, order: { createdAt: 'ASC' } });
  }

  get(scope: TenantScope, id: string): Promise<Appointment> {
    return findInTenant(this.appointments, scope, id, 'Appointment');
  }

  /**
   * A staff change. Cancelling releases the appointment's steps; moving it (date, time,
   * duration) or bringing a cancelled one back takes the steps of its new span in the same
   * transaction, refused with a conflict naming `time` when another appointment holds any.
   */
  async update(scope: TenantScope, id: string, patch: UpdateAppointmentDto, actor: Actor): Promise<Appointment> {
    const appointment = await this.get(scope, id);
    const before: Holding = { ...appointment };
    const { phone, date, time, ...rest } = patch;
    Object.assign(appointment, rest);
    if (phone !== undefined)
      appointment.phone = this.phones.requireE164(
        phone,
        'phone',
        (await this.tenants.findCached(appointment.tenantId))?.defaultCountry,
      );
    if (date !== undefined || time !== undefined) {
      appointment.date = date ?? appointment.date;
      if (time !== undefined) appointment.time = time ?? null;
      // The stored date and time are local to the appointment's own zone; a new one is read there too.
      appointment.startsAt = this.startInstant(appointment.timezone, appointment.date, appointment.time);
      const rules = this.availability.rulesFor(await this.tenants.findCached(appointment.tenantId));
      requireWithinHorizon(rules, DateTime.fromJSDate(appointment.startsAt, { zone: appointment.timezone }));
    }
    let saved: Appointment;
    if (sameHolding(before, appointment)) {
      saved = await this.appointments.save(appointment);
    } else {
      appointment.updatedAt = new Date();
      await this.write([
        this.slots.release(id),
        ...this.holdStatements(appointment),
        this.sql.update(Appointment, appointment),
      ]);
      saved = appointment;
    }
    await this.changes.record({
      tenantId: appointment.tenantId,
      recordType: 'appointment',
      recordId: id,
      action: 'update',
      actor,
      changes: { ...patch },
    });
    return saved;
  }

  /** Writes an appointment (`input.phone`: E.164) with the steps it holds. */
  private async insert(
    tenantId: string | null,
    rules: BookingRules,
    input: CreateAppointmentDto,
    actor: Actor,
    requestedAs: string | null,
  ): Promise<Appointment> {
    const time = input.time ?? null;
    const startsAt = this.startInstant(rules.zone, input.date, time);
    requireWithinHorizon(rules, DateTime.fromJSDate(startsAt, { zone: rules.zone }));
    const record = Object.assign(this.appointments.create(), {
      id: randomUUID(),
      tenantId,
      callId: callIdOf(actor),
      callerName: input.callerName,
      phone: input.phone,
      purpose: input.purpose,
      date: input.date,
      time,
      timezone: rules.zone,
      startsAt,
      durationMinutes: input.durationMinutes ?? rules.defaultMinutes,
      notes: input.notes ?? null,
      requestedAs,
      status: input.status ?? 'scheduled',
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    // The steps first: a taken time fails before the appointment is written.
    await this.write([...this.holdStatements(record), this.sql.insert(Appointment, [record])]);
    return record;
  }

  /** The insert of the steps an appointment holds (none for a day without a time, or a cancelled one). */
  private holdStatements(appointment: Appointment): Statement[] {
    if (!holdsSteps(appointment)) return [];
    const steps = stepsCovering(appointment.startsAt, appointment.durationMinutes);
    return this.slots.hold(appointment.id, tenantKey(appointment.tenantId), steps);
  }

  private async write(statements: Statement[]): Promise<void> {
    try {
      await this.sql.runAtomically(statements);
    } catch (error) {
      if (isUniqueViolation(error)) throw slotTaken();
      throw error;
    }
  }

  /** The UTC instant of a local date and time in `zone`; a date already past is refused. */
  private startInstant(zone: string, date: string, time: string | null): Date {
    const local = DateTime.fromISO(time ? `${date}T${time}` : date, { zone });
    if (!local.isValid) throw DomainException.invalid('date', 'date is not a real calendar date', 'impossible_date');
    if (local.startOf('day') < DateTime.now().setZone(zone).startOf('day'))
      throw DomainException.invalid('date', 'date is in the past', 'past_date');
    if (time && local < DateTime.now()) throw DomainException.invalid('time', 'time is in the past', 'past_time');
    return local.toUTC().toJSDate();
  }
}
