import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { Between, FindOptionsWhere, LessThanOrEqual, MoreThanOrEqual, Repository } from 'typeorm';
import { EnvironmentVariables } from '../config/environment';
import { Page, toPage } from '../common/dto/page';
import { createdWithin, searchConditions } from '../common/dto/search-conditions';
import { Actor } from '../common/tenancy/actor';
import { RecordChangesService } from '../record-changes/record-changes.service';
import { insertRecord } from '../database/insert-record';
import { DomainException } from '../common/errors/domain.exception';
import { PhoneNumbersService } from '../common/phone/phone-numbers.service';
import { tenantCondition, tenantForCreate } from '../common/tenancy/tenant-condition';
import { findInTenant } from '../common/tenancy/find-in-tenant';
import { TenantScope } from '../common/tenancy/tenant-scope';
import { Appointment } from './appointment.entity';
import { CreateAppointmentDto } from './dto/create-appointment.dto';
import { ListAppointmentsQueryDto } from './dto/list-appointments-query.dto';
import { UpdateAppointmentDto } from './dto/update-appointment.dto';

const DEFAULT_DURATION_MINUTES = 30;

@Injectable()
export class AppointmentsService {
  private readonly timezone: string;

  constructor(
    @InjectRepository(Appointment) private readonly appointments: Repository<Appointment>,
    private readonly phones: PhoneNumbersService,
    private readonly changes: RecordChangesService,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.timezone = config.get('DEFAULT_TIMEZONE', { infer: true });
  }

  /** Today's date where the business is, for callers' "today" and "tomorrow". */
  today(): DateTime {
    return DateTime.now().setZone(this.timezone).startOf('day');
  }

  /** `requestedAs`: the caller's own words for the date and time, kept for staff. */
  async schedule(scope: TenantScope, input: CreateAppointmentDto, actor: Actor, requestedAs: string | null = null): Promise<Appointment> {
    const tenantId = tenantForCreate(scope);
    const startsAt = this.startInstant(input.date, input.time ?? null);
    const appointment = await insertRecord(this.appointments, {
      tenantId,
      callId: actor.kind === 'voice_agent' ? actor.callId : null,
      callerName: input.callerName,
      phone: this.phones.requireE164(input.phone),
      purpose: input.purpose,
      date: input.date,
      time: input.time ?? null,
      timezone: this.timezone,
      startsAt,
      durationMinutes: input.durationMinutes ?? DEFAULT_DURATION_MINUTES,
      notes: input.notes ?? null,
      requestedAs,
      status: input.status ?? 'scheduled',
    });
    if (actor.kind === 'user')
      await this.changes.record({ tenantId, recordType: 'appointment', recordId: appointment.id, action: 'create', actor, changes: { ...input } });
    return appointment;
  }

  async list(scope: TenantScope, query: ListAppointmentsQueryDto): Promise<Page<Appointment>> {
    const date =
      query.from && query.to ? Between(query.from, query.to) : query.from ? MoreThanOrEqual(query.from) : query.to ? LessThanOrEqual(query.to) : undefined;
    const base: FindOptionsWhere<Appointment> = {
      ...tenantCondition(scope),
      ...createdWithin(query),
      ...(query.status && { status: query.status }),
      ...(query.call_id && { callId: query.call_id }),
      ...(date && { date }),
    };
    const where = searchConditions(base, query.q, ['callerName', 'purpose'], ['phone']);
    return toPage(await this.appointments.findAndCount({ where, order: { startsAt: 'ASC', id: 'ASC' }, take: query.limit, skip: query.offset }), query);
  }

  findByCall(scope: TenantScope, callId: string): Promise<Appointment[]> {
    return this.appointments.find({ where: { ...tenantCondition(scope), callId }, order: { createdAt: 'ASC' } });
  }

  get(scope: TenantScope, id: string): Promise<Appointment> {
    return findInTenant(this.appointments, scope, id, 'Appointment');
  }

  async update(scope: TenantScope, id: string, patch: UpdateAppointmentDto, actor: Actor): Promise<Appointment> {
    const appointment = await this.get(scope, id);
    const { phone, date, time, ...rest } = patch;
    Object.assign(appointment, rest);
    if (phone !== undefined) appointment.phone = this.phones.requireE164(phone);
    if (date !== undefined || time !== undefined) {
      appointment.date = date ?? appointment.date;
      if (time !== undefined) appointment.time = time ?? null;
      appointment.startsAt = this.startInstant(appointment.date, appointment.time);
    }
    const saved = await this.appointments.save(appointment);
    await this.changes.record({ tenantId: appointment.tenantId, recordType: 'appointment', recordId: id, action: 'update', actor, changes: { ...patch } });
    return saved;
  }

  /** The UTC instant of a local date and time; a date already past is refused. */
  private startInstant(date: string, time: string | null): Date {
    const local = DateTime.fromISO(time ? `${date}T${time}` : date, { zone: this.timezone });
    if (!local.isValid) throw DomainException.invalid('date', 'date is not a real calendar date');
    if (local.startOf('day') < this.today()) throw DomainException.invalid('date', 'date is in the past');
    if (time && local < DateTime.now()) throw DomainException.invalid('time', 'time is in the past');
    return local.toUTC().toJSDate();
  }
}
