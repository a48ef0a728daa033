import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';

import { AppointmentAvailabilityService } from '../../appointments/appointment-availability.service';
import { AppointmentsService, isSlotTaken } from '../../appointments/appointments.service';
import { withinHours } from '../../appointments/business-hours';
import type { Offers } from '../../appointments/free-slots';
import { voiceAgent } from '../../common/tenancy/actor';
import { parseSpokenDateTime, SpokenDateTimeProblem } from '../args/spoken-date-time';
import { SpokenCatalog, spokenDateTime, spokenIn } from '../spoken/spoken-messages';
import { ToolContext, ToolHandler, ToolOutcome } from '../tool-handler';
import { ScheduleAppointmentArgsDto } from './dto/schedule-appointment-args.dto';

const MIN_DURATION = 5;
const MAX_DURATION = 480;

const ASK_AGAIN: Record<SpokenDateTimeProblem, (say: SpokenCatalog) => string> = {
  unclear_date: (say) => say.unclearDate,
  unclear_time: (say) => say.unclearTime,
  past_date: (say) => say.pastDate,
  past_time: (say) => say.pastTime,
  impossible_date: (say) => say.impossibleDate,
};

/** Why the time asked for cannot be booked; null when no time was asked for. */
type Refusal = 'taken' | 'outside_hours' | null;

/**
 * "I'd like to come in Friday at two": an appointment at the day and time the caller said, in
 * the tenant's zone, within its business hours and overlapping none of its appointments. A time
 * that cannot be had is answered `unavailable` with the two nearest free times; a day without
 * a time is answered with the day's first free times as a question (`error`: nothing was booked,
 * and the caller's choice comes back as a new call with `time`).
 */
@Injectable()
export class ScheduleAppointmentHandler implements ToolHandler<ScheduleAppointmentArgsDto> {
  readonly name = 'schedule_appointment';
  readonly argsType = ScheduleAppointmentArgsDto;
  readonly description =
    'Book an appointment on the day and time the caller asks for. When that time is taken or outside business hours, the answer offers the nearest free times; without a time, it offers the first free times of that day.';

  constructor(
    private readonly appointments: AppointmentsService,
    private readonly availability: AppointmentAvailabilityService,
  ) {}

  async handle(args: ScheduleAppointmentArgsDto, context: ToolContext): Promise<ToolOutcome> {
    const say = spokenIn(context.language);
    const rules = this.availability.rulesFor(context.tenant);
    const now = DateTime.now().setZone(rules.zone);
    const when = parseSpokenDateTime(args.date, args.time, rules.zone, { now, language: context.language });
    if (!when.ok)
      return {
        status: 'error',
        message: ASK_AGAIN[when.problem](say),
        internalError: `date or time not usable: ${when.problem}`,
      };
    const minutes =
      args.duration !== undefined && args.duration >= MIN_DURATION && args.duration <= MAX_DURATION
        ? args.duration
        : rules.defaultMinutes;

    const start = when.startsAt;
    if (start === null)
      return this.offer(
        say,
        when.day,
        null,
        await this.availability.offers(context.tenantId, rules, when.day, null, minutes, now),
      );
    if (!withinHours(rules, start, minutes)) {
      return this.offer(
        say,
        start,
        'outside_hours',
        await this.availability.offers(context.tenantId, rules, when.day, start, minutes, now),
      );
    }
    try {
      const appointment = await this.appointments.schedule(
        context.scope,
        {
          callerName: args.caller_name,
          phone: args.phone,
          purpose: args.purpose,
          date: start.toISODate()!,
          time: start.toFormat('HH:mm'),
          durationMinutes: minutes,
          notes: args.notes,
        },
        voiceAgent(context.callId),
        [args.date, args.time].filter(Boolean).join(' '),
      );
      const local = DateTime.fromJSDate(appointment.startsAt, { zone: appointment.timezone });
      return {
        status: 'scheduled',
        message: say.appointmentScheduled(args.caller_name, spokenDateTime(local, true, context.language), true),
        ids: { appointment_id: appointment.id },
      };
    } catch (error) {
      // Another booking holds part of that time (perhaps one made a moment ago, on another call).
      if (!isSlotTaken(error)) throw error;
      return this.offer(
        say,
        start,
        'taken',
        await this.availability.offers(context.tenantId, rules, when.day, start, minutes, now),
      );
    }
  }

  /**
   * `asked`: the time asked for, or the day when no time was. Offers are answers, not failures:
   * the tool-call log keeps the spoken offer and no error.
   */
  private offer(say: SpokenCatalog, asked: DateTime, refusal: Refusal, offers: Offers): ToolOutcome {
    if (offers.times.length === 0) return { status: 'unavailable', message: say.noFreeTimes };
    if (offers.day === 'closed') return { status: 'unavailable', message: say.dayClosed(asked, offers.times) };
    if (refusal === 'taken') return { status: 'unavailable', message: say.slotTaken(asked, offers.times) };
    if (refusal === 'outside_hours')
      return { status: 'unavailable', message: say.slotOutsideHours(asked, offers.times) };
    if (offers.day === 'full') return { status: 'unavailable', message: say.dayFull(asked, offers.times) };
    // Only a question, as for any missing argument: which of the day's free times the caller would like.
    return { status: 'error', message: say.freeTimesOn(asked, offers.times) };
  }
}
