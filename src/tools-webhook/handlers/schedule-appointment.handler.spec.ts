import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { DateTime } from 'luxon';
import type { Repository } from 'typeorm';

import { UnitDispatcher, unitDispatcher } from '../../../test/support/unit-dispatcher';
import { AppointmentAvailabilityService } from '../../appointments/appointment-availability.service';
import type { AppointmentSlot } from '../../appointments/appointment-slot.entity';
import { AppointmentsService, slotTaken } from '../../appointments/appointments.service';
import type { BookingRules } from '../../appointments/business-hours';
import type { BookingResult } from '../../appointments/dto/caller-booking';
import type { CreateAppointmentDto } from '../../appointments/dto/create-appointment.dto';
import { stepsCovering } from '../../appointments/free-slots';
import { DomainException } from '../../common/errors/domain.exception';
import { PhoneNumbersService } from '../../common/phone/phone-numbers.service';
import type { Actor } from '../../common/tenancy/actor';
import type { TenantScope } from '../../common/tenancy/tenant-scope';
import type { Tenant } from '../../tenants/tenant.entity';
import type { TenantsService } from '../../tenants/tenants.service';
import type { ToolCallRecord } from '../../tool-calls/dto/tool-call-record';
import { ToolCallDto } from '../dto/tool-call.dto';
import { Spoken, spokenDateTime, spokenIn } from '../spoken/spoken-messages';
import { SpokenPhoneNumbersService } from '../understanding/spoken-phone-numbers.service';
import { ScheduleAppointmentHandler } from './schedule-appointment.handler';

const ZONE = 'America/New_York';
const MADRID = 'Europe/Madrid';
// A March 15 safely in the future (never this year, so the year is spoken) that is a weekday.
let YEAR = DateTime.now().setZone(ZONE).year + 3;
while (DateTime.fromObject({ year: YEAR, month: 3, day: 15 }).weekday > 5) YEAR += 1;
const YY = String(YEAR).slice(2);
const DAY = `${YEAR}-03-15`;
const WEEKDAY = DateTime.fromISO(DAY).toFormat('cccc');
const SPOKEN_DAY = `${WEEKDAY}, March 15, ${YEAR}`;
const local = (time: string, zone = ZONE, day = DAY) => DateTime.fromISO(`${day}T${time}`, { zone });
/** The Saturday after DAY, and the Monday after that. */
const SATURDAY = DateTime.fromISO(DAY, { zone: ZONE }).plus({ days: 6 - DateTime.fromISO(DAY).weekday });
const MONDAY = SATURDAY.plus({ days: 2 });

/** Tenants by platform id, with the settings the handler reads; any other is a new tenant with the defaults. */
const TENANTS: Record<string, Partial<Tenant>> = {
  'agencia-madrid': { timezone: MADRID, language: 'es', defaultCountry: 'ES' },
  'open-daily': {
    timezone: ZONE,
    businessHours: Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, { opens: '08:00', closes: '20:00' }]),
    ),
  },
  'long-visits': {
    timezone: ZONE,
    appointmentMinutes: 45,
    businessHours: { sat: { opens: '10:00', closes: '13:00' } },
  },
  'never-open': { timezone: ZONE, businessHours: {} },
  'default-horizon': { timezone: ZONE, bookingHorizonDays: null },
};

function tenant(platformTenantId: string): Tenant {
  return {
    platformTenantId,
    timezone: ZONE,
    language: 'en',
    defaultCountry: 'US',
    businessHours: null,
    appointmentMinutes: null,
    // DAY is years ahead; the horizon itself is tested below with a tenant of the default horizon.
    bookingHorizonDays: 3650,
    ...TENANTS[platformTenantId],
  } as Tenant;
}

/**
 * Stands in for AppointmentsService: its real `book` (business hours, and offers for a time that
 * cannot be had) over a store of its own, which remembers each appointment as it would be
 * stored, in the tenant's zone and appointment length (from the real AppointmentAvailabilityService),
 * and refuses a time overlapping a step in `held` as taken. `refuseWith` plays the service
 * refusing the day or time (e.g. already past).
 */
class AppointmentsStandIn {
  readonly scheduled: Array<{
    scope: TenantScope;
    input: CreateAppointmentDto;
    origin: { callId: string | null; requestedAs: string | null };
  }> = [];
  refuseWith: Error | null = null;

  constructor(
    readonly availability: AppointmentAvailabilityService,
    private readonly held: Set<number>,
  ) {}

  book(...args: Parameters<AppointmentsService['book']>): Promise<BookingResult> {
    return AppointmentsService.prototype.book.apply(this as unknown as AppointmentsService, args);
  }

  /** What AppointmentsService.book writes through. */
  async insert(
    tenantId: string | null,
    rules: BookingRules,
    input: CreateAppointmentDto,
    actor: Actor,
    requestedAs: string | null,
  ) {
    const origin = { callId: actor.kind === 'voice_agent' ? actor.callId : null, requestedAs };
    if (this.refuseWith) throw this.refuseWith;
    const startsAt = DateTime.fromISO(`${input.date}T${input.time}`, { zone: rules.zone }).toJSDate();
    if (
      stepsCovering(startsAt, input.durationMinutes ?? rules.defaultMinutes).some((step) =>
        this.held.has(step.getTime()),
      )
    )
      throw slotTaken();
    this.scheduled.push({ scope: { tenantId }, input, origin });
    return { id: `appt-${this.scheduled.length}`, ...input, timezone: rules.zone, startsAt };
  }
}

const BASE = {
  caller_name: 'Ana García',
  phone: '7865550198',
  date: DAY,
  time: '2pm',
  purpose: 'review my auto policy',
};

describe('ScheduleAppointmentHandler (through ToolDispatcherService)', () => {
  let appointments: AppointmentsStandIn;
  let held: Set<number>;
  let rows: ToolCallRecord[];
  let dispatcher: UnitDispatcher;

  const dispatch = (args: Record<string, unknown>, extra: Partial<ToolCallDto> = {}) =>
    dispatcher.dispatch(Object.assign(new ToolCallDto(), { function: 'schedule_appointment', args, ...extra }));
  const input = () => {
    expect(appointments.scheduled).toHaveLength(1);
    return appointments.scheduled[0].input;
  };
  /** Another appointment holding [start, start + minutes). */
  const book = (start: DateTime, minutes = 30) =>
    stepsCovering(start.toJSDate(), minutes).forEach((step) => held.add(step.getTime()));

  beforeEach(async () => {
    const phones = new PhoneNumbersService(new ConfigService({ DEFAULT_COUNTRY: 'US' }));
    held = new Set();
    const slots = {
      find: async () => [...held].map((step) => ({ startsAt: new Date(step) })),
    } as unknown as Repository<AppointmentSlot>;
    const tenants = {
      resolveForCall: async (platformTenantId: string) => tenant(platformTenantId),
    } as unknown as TenantsService;
    const availability = new AppointmentAvailabilityService(slots, new ConfigService({ DEFAULT_TIMEZONE: ZONE }));
    // DAY is years ahead: a call of no tenant books 10 years ahead here (the horizon has tests of its own below).
    const rulesFor = availability.rulesFor.bind(availability);
    availability.rulesFor = (of) => rulesFor(of ?? ({ timezone: ZONE, bookingHorizonDays: 3650 } as Tenant));
    appointments = new AppointmentsStandIn(availability, held);
    rows = [];
    // Nest builds the handler, so the spec does not depend on its constructor's exact parameters.
    const moduleRef = await Test.createTestingModule({
      providers: [
        ScheduleAppointmentHandler,
        { provide: AppointmentsService, useValue: appointments },
        { provide: AppointmentAvailabilityService, useValue: availability },
        { provide: PhoneNumbersService, useValue: phones },
        SpokenPhoneNumbersService,
      ],
    }).compile();
    Logger.overrideLogger(false); // after compile(), which installs its own logger
    const toolCalls = { record: async (entry: ToolCallRecord) => void rows.push(entry) };
    dispatcher = unitDispatcher([moduleRef.get(ScheduleAppointmentHandler)], toolCalls, tenants);
  });

  describe('duration', () => {
    it.each<[unknown, number]>([
      [30, 30],
      ['30', 30],
      ['30 minutes', 30],
      ['45 mins', 45],
      ['an hour', 60],
      ['An Hour', 60],
      ['1 hour', 60],
      ['1.5 hours', 90],
      ['half an hour', 30],
      ['90 min', 90],
      [480, 480],
      ['forever', 30],
      ['a while', 30],
      [2, 30],
      [0, 30],
      [-30, 30],
      [481, 30],
      [30.5, 30],
      [null, 30],
    ])('%p is booked as %p minutes', async (duration, expected) => {
      const reply = await dispatch({ ...BASE, time: '9am', duration });

      expect(reply.body.status).toBe('scheduled');
      expect(input().durationMinutes).toBe(expected);
    });

    it("is the tenant's appointment length when not given", async () => {
      await dispatch({ ...BASE, date: SATURDAY.toISODate(), time: '11am' }, { tenant_id: 'long-visits' });
      expect(input().durationMinutes).toBe(45);
    });

    it('must fit before closing: 4:30 PM for an hour is offered earlier times', async () => {
      const reply = await dispatch({ ...BASE, time: '4:30 PM', duration: 'an hour' });

      expect(reply.body).toEqual({
        status: 'unavailable',
        message: Spoken.slotOutsideHours(local('16:30'), [local('15:45'), local('16:00')]),
      });
      expect(appointments.scheduled).toHaveLength(0);
    });
  });

  describe('date', () => {
    it.each([
      DAY,
      `${YEAR}-3-15`,
      `3/15/${YEAR}`,
      `3/15/${YY}`,
      `03/15/${YEAR}`,
      `March 15th, ${YEAR}`,
      `March 15, ${YEAR}`,
      `march 15 ${YEAR}`,
      `Mar 15, ${YEAR}`,
      SPOKEN_DAY,
    ])(`%p is passed as ${DAY}`, async (date) => {
      const reply = await dispatch({ ...BASE, date });

      expect(reply.body.status).toBe('scheduled');
      expect(input().date).toBe(DAY);
    });

    it('understands "tomorrow" in the zone of the tenant', async () => {
      await dispatch({ ...BASE, date: 'tomorrow' }, { tenant_id: 'open-daily' });
      expect(input().date).toBe(DateTime.now().setZone(ZONE).plus({ days: 1 }).toISODate());
    });

    it.each(['soonish', 'whenever suits', `13/45/${YEAR}`])(
      'asks which day when the date is %p, and schedules nothing',
      async (date) => {
        const reply = await dispatch({ ...BASE, date });

        expect(reply.httpStatus).toBe(200);
        expect(reply.body).toEqual({ status: 'error', message: Spoken.unclearDate });
        expect(reply.body.message).toMatch(/which day/i);
        expect(appointments.scheduled).toHaveLength(0);
      },
    );

    it.each(['the 31st of February', `${YEAR}-02-30`])(
      'says that %p does not exist, and schedules nothing',
      async (date) => {
        const reply = await dispatch({ ...BASE, date });

        expect(reply.body).toEqual({ status: 'error', message: Spoken.impossibleDate });
        expect(appointments.scheduled).toHaveLength(0);
      },
    );

    it('asks for another day when the date has passed', async () => {
      const reply = await dispatch({ ...BASE, date: '2020-01-06' });

      expect(reply.body).toEqual({ status: 'error', message: Spoken.pastDate });
      expect(rows[0].error).toContain('past_date');
      expect(appointments.scheduled).toHaveLength(0);
    });
  });

  describe('time', () => {
    it.each([
      ['14:00', '14:00'],
      ['2pm', '14:00'],
      ['2PM', '14:00'],
      ['2 pm', '14:00'],
      ['2:30 PM', '14:30'],
      ['2:30pm', '14:30'],
      ['2 p.m.', '14:00'],
      ['9:15 a.m.', '09:15'],
      ['10 AM', '10:00'],
      ['noon', '12:00'],
      ['two thirty in the afternoon', '14:30'],
    ])('%p is passed as %p', async (time, expected) => {
      const reply = await dispatch({ ...BASE, time });

      expect(reply.body.status).toBe('scheduled');
      expect(input().time).toBe(expected);
    });

    it.each(['after lunch', '25:00', '2:75 pm', 'early'])(
      'asks for the time again when it is %p, and schedules nothing',
      async (time) => {
        const reply = await dispatch({ ...BASE, time });

        expect(reply.body).toEqual({ status: 'error', message: Spoken.unclearTime });
        expect(reply.body.message).toMatch(/what time/i);
        expect(appointments.scheduled).toHaveLength(0);
      },
    );

    it('offers the first free times of the day when none is given, as a question, and books nothing', async () => {
      book(local('09:00'));
      const { time: _time, ...withoutTime } = BASE;
      const reply = await dispatch(withoutTime);

      expect(reply.body).toEqual({
        status: 'error',
        message: Spoken.freeTimesOn(local('00:00'), [local('09:30'), local('09:45')]),
      });
      expect(reply.body.message).toBe(`I can offer 9:30 AM or 9:45 AM on ${SPOKEN_DAY}. Which would you like?`);
      expect(appointments.scheduled).toHaveLength(0);
      expect(rows[0]).toMatchObject({ status: 'error', error: null });
    });
  });

  describe('availability', () => {
    it('offers the two nearest free times of that day when the time is taken', async () => {
      book(local('14:00'));
      const reply = await dispatch(BASE);

      expect(reply.httpStatus).toBe(200);
      expect(reply.body).toEqual({
        status: 'unavailable',
        message: Spoken.slotTaken(local('14:00'), [local('13:30'), local('14:30')]),
      });
      expect(reply.body.message).toBe(
        `I'm sorry, 2 PM on ${SPOKEN_DAY} is already booked. I could do 1:30 PM or 2:30 PM that day — would either work?`,
      );
      expect(appointments.scheduled).toHaveLength(0);
      expect(rows[0]).toMatchObject({ status: 'unavailable', httpStatus: 200, error: null });
    });

    it('counts the length asked for against other bookings (an hour at 2:30 would run into 3 PM)', async () => {
      book(local('15:00'));
      const reply = await dispatch({ ...BASE, time: '2:30 PM', duration: 60 });

      expect(reply.body).toEqual({
        status: 'unavailable',
        message: Spoken.slotTaken(local('14:30'), [local('13:45'), local('14:00')]),
      });
    });

    it('offers the last times of the day for one after closing', async () => {
      const reply = await dispatch({ ...BASE, time: '7pm' });

      expect(reply.body).toEqual({
        status: 'unavailable',
        message: Spoken.slotOutsideHours(local('19:00'), [local('16:15'), local('16:30')]),
      });
      expect(appointments.scheduled).toHaveLength(0);
    });

    it('refuses a time that would run past closing', async () => {
      const reply = await dispatch({ ...BASE, time: '4:45 PM' });

      expect(reply.body).toEqual({
        status: 'unavailable',
        message: Spoken.slotOutsideHours(local('16:45'), [local('16:15'), local('16:30')]),
      });
    });

    it('says the office is closed at the weekend and offers Monday', async () => {
      const reply = await dispatch({ ...BASE, date: SATURDAY.toISODate(), time: '10am' });

      expect(reply.body).toEqual({
        status: 'unavailable',
        message: Spoken.dayClosed(SATURDAY.set({ hour: 10 }), [
          MONDAY.set({ hour: 9 }),
          MONDAY.set({ hour: 9, minute: 15 }),
        ]),
      });
      expect(reply.body.message).toMatch(/^I'm sorry, we're closed on Saturday/);
    });

    it('says a day is fully booked and offers the next open day, when no time is given', async () => {
      book(local('09:00'), 480);
      const { time: _time, ...withoutTime } = BASE;
      const reply = await dispatch(withoutTime);
      const next = DateTime.fromISO(DAY, { zone: ZONE }).plus({ days: WEEKDAY === 'Friday' ? 3 : 1 });

      expect(reply.body).toEqual({
        status: 'unavailable',
        message: Spoken.dayFull(local('00:00'), [next.set({ hour: 9 }), next.set({ hour: 9, minute: 15 })]),
      });
    });

    it("follows the tenant's business hours", async () => {
      const reply = await dispatch({ ...BASE, date: SATURDAY.toISODate(), time: '11am' }, { tenant_id: 'long-visits' });
      expect(reply.body.status).toBe('scheduled');

      const weekday = await dispatch(BASE, { tenant_id: 'long-visits' });
      expect(weekday.body.status).toBe('unavailable');
      expect(weekday.body.message).toMatch(/^I'm sorry, we're closed on/);
    });

    it('answers a taken time the service discovers (a simultaneous booking) with offers too', async () => {
      const original = appointments.insert.bind(appointments);
      appointments.insert = async (...args) => {
        book(local('14:00'));
        return original(...args);
      };
      const reply = await dispatch(BASE);

      expect(reply.body).toEqual({
        status: 'unavailable',
        message: Spoken.slotTaken(local('14:00'), [local('13:30'), local('14:30')]),
      });
    });

    it('says there is nothing free when no day is', async () => {
      const { time: _time, ...withoutTime } = BASE;
      const reply = await dispatch(withoutTime, { tenant_id: 'never-open' });

      expect(reply.body).toEqual({ status: 'unavailable', message: Spoken.noFreeTimes });
    });
  });

  describe('Spanish and the tenant time zone', () => {
    it('books 2 PM in Madrid for a Madrid tenant, and confirms in Spanish', async () => {
      const reply = await dispatch(
        { ...BASE, phone: '612 34 56 78', date: `15 de marzo de ${YEAR}`, time: 'a las dos de la tarde' },
        { tenant_id: 'agencia-madrid', call_id: 'c-es' },
      );

      expect(reply.body.status).toBe('scheduled');
      expect(input()).toMatchObject({ date: DAY, time: '14:00', phone: '+34612345678' });
      expect(reply.body.message).toBe(
        spokenIn('es').appointmentScheduled('Ana García', spokenDateTime(local('14:00', MADRID), true, 'es'), true),
      );
    });

    it('offers free times in Spanish', async () => {
      book(local('14:00', MADRID));
      const reply = await dispatch({ ...BASE, phone: '+1 786 555 0198' }, { tenant_id: 'agencia-madrid' });

      expect(reply.body).toEqual({
        status: 'unavailable',
        message: spokenIn('es').slotTaken(local('14:00', MADRID), [local('13:30', MADRID), local('14:30', MADRID)]),
      });
      expect(reply.body.message).toMatch(
        /ya está ocupado\. Tengo libre a la 1:30 de la tarde o a las 2:30 de la tarde ese mismo día, ¿le viene bien alguno\?$/,
      );
    });
  });

  describe('phone', () => {
    it.each<[string, unknown]>([
      ['(786) 555-0198', '(786) 555-0198'],
      ['786.555.0198', '786.555.0198'],
      ['+1 786 555 0198', '+1 786 555 0198'],
      ['the number 7865550198', 7865550198],
    ])('stores %s as +17865550198', async (_label, phone) => {
      await dispatch({ ...BASE, phone });
      expect(input().phone).toBe('+17865550198');
    });

    it.each(['555-0198', 'my cell', '(123) 456-7890'])(
      'asks for a valid phone number and schedules nothing for %p',
      async (phone) => {
        const reply = await dispatch({ ...BASE, phone });

        expect(reply.httpStatus).toBe(200);
        expect(reply.body).toEqual({ status: 'error', message: Spoken.invalidPhone });
        expect(reply.body.message).toContain('valid phone number');
        expect(appointments.scheduled).toHaveLength(0);
      },
    );
  });

  describe('refusals by the appointments service', () => {
    it('answers the past-date sentence when the service refuses the date', async () => {
      appointments.refuseWith = DomainException.invalid('date', 'date is in the past', 'past_date');
      const reply = await dispatch(BASE);

      expect(reply.httpStatus).toBe(200);
      expect(reply.body).toEqual({ status: 'error', message: Spoken.pastDate });
      expect(reply.body.message).toMatch(/already passed/);
      expect(rows[0].error).toBe('date is in the past');
    });

    it("asks again, saying how far ahead it books, for a day beyond the tenant's horizon; books nothing", async () => {
      for (const [tenantId, days] of [
        ['default-horizon', 365],
        ['open-daily', 3650],
      ] as const) {
        for (const args of [{ date: '9999-12-31', time: '10am' }, { date: 'in 100000 days' }]) {
          const reply = await dispatch({ ...BASE, ...args }, { tenant_id: tenantId });
          expect(reply.body).toEqual({ status: 'error', message: Spoken.beyondHorizon(days) });
        }
      }
      expect(appointments.scheduled).toHaveLength(0);
      expect(rows.at(-1)!.error).toMatch(/at most 3650 days ahead/);
    });

    it('answers the past-time sentence when the service refuses the time', async () => {
      appointments.refuseWith = DomainException.invalid('time', 'time is in the past', 'past_time');
      const reply = await dispatch(BASE);

      expect(reply.httpStatus).toBe(200);
      expect(reply.body).toEqual({ status: 'error', message: Spoken.pastTime });
    });

    it('answers the graceful 500 for an unexpected failure', async () => {
      appointments.refuseWith = new Error('SQLITE_BUSY: database is locked');
      const reply = await dispatch(BASE);

      expect(reply).toEqual({ httpStatus: 500, body: { status: 'error', message: Spoken.unexpected } });
      expect(rows[0].error).toContain('SQLITE_BUSY');
    });
  });

  it('hands every field, what the caller said, the call id and the tenant to the service', async () => {
    await dispatch(
      {
        caller_name: ' Ana  García ',
        phone: '(786) 555-0198',
        date: `March 15th, ${YEAR}`,
        time: '2 p.m.',
        purpose: 'policy review',
        duration: '45 minutes',
        notes: 'bring ID',
        x: 1,
      },
      { call_id: 'call-31', tenant_id: 'agency-2' },
    );

    expect(appointments.scheduled).toEqual([
      {
        scope: { tenantId: 'agency-2' },
        origin: { callId: 'call-31', requestedAs: `March 15th, ${YEAR} 2 p.m.` },
        input: {
          callerName: 'Ana García',
          phone: '+17865550198',
          purpose: 'policy review',
          date: DAY,
          time: '14:00',
          durationMinutes: 45,
          notes: 'bring ID',
        },
      },
    ]);
  });

  it('answers "scheduled" with the appointment id and the day and time spoken', async () => {
    const reply = await dispatch(BASE);

    expect(reply.httpStatus).toBe(200);
    expect(reply.body).toEqual({
      status: 'scheduled',
      message: Spoken.appointmentScheduled('Ana García', `${SPOKEN_DAY} at 2 PM`, true),
      appointment_id: 'appt-1',
    });
    expect(reply.body.message).toContain(`${SPOKEN_DAY} at 2 PM`);
    expect(reply.body.message).toContain('Ana');
    expect(reply.body.message).not.toContain('appt-1');
  });

  it('asks for exactly the missing arguments', async () => {
    const reply = await dispatch({ caller_name: 'Ana', phone: '7865550198', time: '2pm' });

    expect(reply.body).toEqual({
      status: 'error',
      message: 'Could you tell me which day you would like and what the appointment is for?',
    });
    expect(appointments.scheduled).toHaveLength(0);
  });
});
