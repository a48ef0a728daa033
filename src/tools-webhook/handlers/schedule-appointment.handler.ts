import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';

import { AppointmentAvailabilityService } from '../../appointments/appointment-availability.service';
import { AppointmentsService } from '../../appointments/appointments.service';
import { BookingRules, isBeyondHorizon } from '../../appointments/business-hours';
import type { Offers } from '../../appointments/free-slots';
import { voiceAgent } from '../../common/tenancy/actor';
import { madeByDeadDelivery } from '../call/resumed-call';
import { SpokenCatalog, spokenDateTime, spokenIn } from '../spoken/spoken-messages';
import { ToolContext, ToolHandler, ToolOutcome } from '../tool-handler';
import { ScheduleAppointmentArgsDto } from '../understanding/dto/schedule-appointment-args.dto';
import { parseSpokenDateTime, SpokenDateTimeProblem } from '../understanding/spoken-date-time';
import { SpokenPhoneNumbersService } from '../understanding/spoken-phone-numbers.service';

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
 * the tenant's zone (AppointmentsService.book decides whether it can be had). A time that cannot
 * be had is answered `unavailable` with the two nearest free times; a day without a time is
 * answered with the day's first free times as a question (`error`: nothing was booked, and the
 * caller's choice comes back as a new call with `time`).
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
    private readonly phones: SpokenPhoneNumbersService,
  ) {}

  async handle(args: ScheduleAppointmentArgsDto, context: ToolContext): Promise<ToolOutcome> {
    const say = spokenIn(context.language);
    const rules = this.availability.rulesFor(context.tenant);
    try {
      return await this.answer(args, context, say, rules);
    } catch (error) {
      // The domain refused a day further ahead than the tenant books: say how far ahead that is.
      if (isBeyondHorizon(error))
        return {
          status: 'error',
          message: say.beyondHorizon(rules.horizonDays),
          internalError: error instanceof Error ? error.message : 'beyond the booking horizon',
        };
      throw error;
    }
  }

  private async answer(
    args: ScheduleAppointmentArgsDto,
    context: ToolContext,
    say: SpokenCatalog,
    rules: BookingRules,
  ): Promise<ToolOutcome> {
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
    // The booking an earlier delivery of this same call made before its instance died: reported,
    // not booked again (which would find its own booking holding the time).
    const made = (
      await madeByDeadDelivery(context, (scope, callId) => this.appointments.findByCall(scope, callId))
    ).find(
      (appointment) =>
        new Date(appointment.startsAt).getTime() === start.toMillis() && appointment.status !== 'cancelled',
    );
    const booking = made
      ? ({ kind: 'booked', appointment: made } as const)
      : await this.appointments.book(
          context.scope,
          rules,
          {
            callerName: args.caller_name,
            // Read in the tenant's country ("612 345 678" is Spanish for a Spanish agency).
            phone: this.phones.toE164(args.phone, context.tenant?.defaultCountry),
            purpose: args.purpose,
            start,
            durationMinutes: minutes,
            notes: args.notes,
          },
          voiceAgent(context.callId),
          [args.date, args.time].filter(Boolean).join(' '),
          now,
        );
    if (booking.kind === 'unavailable') return this.offer(say, start, booking.reason, booking.offers);
    const { appointment } = booking;
    const local = DateTime.fromJSDate(appointment.startsAt, { zone: appointment.timezone });
    return {
      status: 'scheduled',
      message: say.appointmentScheduled(args.caller_name, spokenDateTime(local, true, context.language), true),
      ids: { appointment_id: appointment.id },
    };
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
