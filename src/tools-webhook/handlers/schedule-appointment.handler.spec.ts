import { Logger } from '@nestjs/common';
import type { Actor } from '../../common/tenancy/actor';
import { ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { DateTime } from 'luxon';
import { AppointmentsService } from '../../appointments/appointments.service';
import type { CreateAppointmentDto } from '../../appointments/dto/create-appointment.dto';
import { DomainException } from '../../common/errors/domain.exception';
import { PhoneNumbersService } from '../../common/phone/phone-numbers.service';
import type { TenantScope } from '../../common/tenancy/tenant-scope';
import type { TenantsService } from '../../tenants/tenants.service';
import type { ToolCallRecord } from '../../tool-calls/dto/tool-call-record';
import { ToolCallDto } from '../dto/tool-call.dto';
import { Spoken } from '../spoken/spoken-messages';
import { ToolDispatcher } from '../tool-dispatcher.service';
import { unitDispatcher } from '../testing/unit-dispatcher';
import { ScheduleAppointmentHandler } from './schedule-appointment.handler';

const ZONE = 'America/New_York';
// A March 15 safely in the future (and never this year, so the year is spoken).
const YEAR = DateTime.now().setZone(ZONE).year + 3;
const YY = String(YEAR).slice(2);
const DAY = `${YEAR}-03-15`;
const WEEKDAY = DateTime.fromISO(DAY).toFormat('cccc');
const SPOKEN_DAY = `${WEEKDAY}, March 15, ${YEAR}`;

/**
 * Stands in for AppointmentsService with its contract: "today" in the business's zone, the phone
 * normalized with the real PhoneNumbersService (an unusable one refused with a DomainException
 * naming `phone`), and the appointment remembered as it would be stored. `refuseWith` plays
 * the service refusing the day or time (e.g. already past).
 */
class AppointmentsStandIn {
  readonly scheduled: Array<{ scope: TenantScope; input: CreateAppointmentDto; origin: { callId: string | null; requestedAs: string | null } }> = [];
  refuseWith: Error | null = null;

  constructor(private readonly phones: PhoneNumbersService) {}

  today(): DateTime {
    return DateTime.now().setZone(ZONE).startOf('day');
  }

  async schedule(scope: TenantScope, input: CreateAppointmentDto, actor: Actor, requestedAs: string | null = null) {
    const origin = { callId: actor.kind === 'voice_agent' ? actor.callId : null, requestedAs };
    if (this.refuseWith) throw this.refuseWith;
    const stored = { ...input, phone: this.phones.requireE164(input.phone) };
    this.scheduled.push({ scope, input: stored, origin });
    const startsAt = DateTime.fromISO(input.time ? `${input.date}T${input.time}` : input.date, { zone: ZONE });
    return { id: `appt-${this.scheduled.length}`, ...stored, timezone: ZONE, startsAt: startsAt.toJSDate() };
  }
}

const BASE = { caller_name: 'Ana García', phone: '7865550198', date: DAY, time: '2pm', purpose: 'review my auto policy' };

describe('ScheduleAppointmentHandler (through ToolDispatcher)', () => {
  let appointments: AppointmentsStandIn;
  let rows: ToolCallRecord[];
  let dispatcher: ToolDispatcher;

  const dispatch = (args: Record<string, unknown>, extra: Partial<ToolCallDto> = {}) =>
    dispatcher.dispatch(Object.assign(new ToolCallDto(), { function: 'schedule_appointment', args, ...extra }));
  const input = () => {
    expect(appointments.scheduled).toHaveLength(1);
    return appointments.scheduled[0].input;
  };

  beforeEach(async () => {
    const phones = new PhoneNumbersService(new ConfigService({ DEFAULT_COUNTRY: 'US' }));
    appointments = new AppointmentsStandIn(phones);
    rows = [];
    // Nest builds the handler, so the spec does not depend on its constructor's exact parameters.
    const moduleRef = await Test.createTestingModule({
      providers: [ScheduleAppointmentHandler, { provide: AppointmentsService, useValue: appointments }, { provide: PhoneNumbersService, useValue: phones }],
    }).compile();
    Logger.overrideLogger(false); // after compile(), which installs its own logger
    const toolCalls = { record: async (entry: ToolCallRecord) => void rows.push(entry) };
    // The call's tenant, as TenantsService.resolveForCall gives it (the handlers work with the scope).
    const tenants = { resolveForCall: async (platformTenantId: string) => ({ platformTenantId }) } as unknown as TenantsService;
    dispatcher = unitDispatcher([moduleRef.get(ScheduleAppointmentHandler)], toolCalls, tenants);
  });

  describe('duration', () => {
    it.each<[unknown, number | undefined]>([
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
      ['forever', undefined],
      ['a while', undefined],
      [2, undefined],
      [0, undefined],
      [-30, undefined],
      [481, undefined],
      [30.5, undefined],
      [null, undefined],
    ])('%p is passed as durationMinutes %p', async (duration, expected) => {
      const reply = await dispatch({ ...BASE, duration });

      expect(reply.body.status).toBe('scheduled');
      expect(input().durationMinutes).toBe(expected);
    });

    it('is left to the default when not given', async () => {
      await dispatch(BASE);
      expect(input().durationMinutes).toBeUndefined();
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

    it('understands "tomorrow" in the business\'s zone', async () => {
      await dispatch({ ...BASE, date: 'tomorrow' });
      expect(input().date).toBe(appointments.today().plus({ days: 1 }).toISODate());
    });

    it.each(['soonish', 'the 31st of February', `${YEAR}-02-30`, 'whenever suits', `13/45/${YEAR}`])(
      'asks which day when the date is %p, and schedules nothing',
      async (date) => {
        const reply = await dispatch({ ...BASE, date });

        expect(reply.httpStatus).toBe(200);
        expect(reply.body).toEqual({ status: 'error', message: Spoken.unclearDate });
        expect(reply.body.message).toMatch(/which day/i);
        expect(appointments.scheduled).toHaveLength(0);
      },
    );
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
      ['12 AM', '00:00'],
    ])('%p is passed as %p', async (time, expected) => {
      const reply = await dispatch({ ...BASE, time });

      expect(reply.body.status).toBe('scheduled');
      expect(input().time).toBe(expected);
    });

    it.each(['after lunch', '25:00', '2:75 pm', 'early'])('asks for the time again when it is %p, and schedules nothing', async (time) => {
      const reply = await dispatch({ ...BASE, time });

      expect(reply.body).toEqual({ status: 'error', message: Spoken.unclearTime });
      expect(reply.body.message).toMatch(/what time/i);
      expect(appointments.scheduled).toHaveLength(0);
    });

    it('books without a time when none is given, and says the team will confirm it', async () => {
      const { time: _time, ...withoutTime } = BASE;
      const reply = await dispatch(withoutTime);

      expect(input().time).toBeUndefined();
      expect(reply.body.status).toBe('scheduled');
      expect(reply.body.message).toBe(Spoken.appointmentScheduled('Ana García', SPOKEN_DAY, false));
      expect(reply.body.message).toMatch(/confirm the exact time/);
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

    it.each(['555-0198', 'my cell', '(123) 456-7890'])('asks for a valid phone number and schedules nothing for %p', async (phone) => {
      const reply = await dispatch({ ...BASE, phone });

      expect(reply.httpStatus).toBe(200);
      expect(reply.body).toEqual({ status: 'error', message: Spoken.invalidPhone });
      expect(reply.body.message).toContain('valid phone number');
      expect(appointments.scheduled).toHaveLength(0);
    });
  });

  describe('refusals by the appointments service', () => {
    it('answers the past-date sentence when the service refuses the date', async () => {
      appointments.refuseWith = DomainException.invalid('date', 'date is in the past');
      const reply = await dispatch(BASE);

      expect(reply.httpStatus).toBe(200);
      expect(reply.body).toEqual({ status: 'error', message: Spoken.pastDate });
      expect(reply.body.message).toMatch(/already passed/);
      expect(rows[0].error).toBe('date is in the past');
    });

    it('answers the past-time sentence when the service refuses the time', async () => {
      appointments.refuseWith = DomainException.invalid('time', 'time is in the past');
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

    expect(reply.body).toEqual({ status: 'error', message: 'Could you tell me which day you would like and what the appointment is for?' });
    expect(appointments.scheduled).toHaveLength(0);
  });
});
