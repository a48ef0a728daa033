import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AppointmentsService } from '../../appointments/appointments.service';
import { voiceAgent } from '../../common/tenancy/actor';
import { parseSpokenDate, parseSpokenTime } from '../args/spoken-date-time';
import { spokenDateTime, spokenIn } from '../spoken/spoken-messages';
import { ToolContext, ToolHandler, ToolOutcome } from '../tool-handler';
import { ScheduleAppointmentArgsDto } from './dto/schedule-appointment-args.dto';

const MIN_DURATION = 5;
const MAX_DURATION = 480;

/** "I'd like to come in Friday at two": an appointment on the day and time the caller said. */
@Injectable()
export class ScheduleAppointmentHandler implements ToolHandler<ScheduleAppointmentArgsDto> {
  readonly name = 'schedule_appointment';
  readonly argsType = ScheduleAppointmentArgsDto;
  readonly description =
    'Book an appointment on the day and time the caller asks for. When that time is taken or outside business hours, the answer offers the nearest free times.';

  constructor(private readonly appointments: AppointmentsService) {}

  async handle(args: ScheduleAppointmentArgsDto, context: ToolContext): Promise<ToolOutcome> {
    const say = spokenIn(context.language);
    const zone = this.appointments.today().zoneName ?? 'UTC';
    const day = parseSpokenDate(args.date, zone);
    if (!day) return { status: 'error', message: say.unclearDate };
    const time = args.time === undefined ? null : parseSpokenTime(args.time);
    if (args.time !== undefined && time === null) return { status: 'error', message: say.unclearTime };
    const duration = args.duration !== undefined && args.duration >= MIN_DURATION && args.duration <= MAX_DURATION ? args.duration : undefined;

    const appointment = await this.appointments.schedule(
      context.scope,
      {
        callerName: args.caller_name,
        phone: args.phone,
        purpose: args.purpose,
        date: day.toISODate() ?? args.date,
        time: time ?? undefined,
        durationMinutes: duration,
        notes: args.notes,
      },
      voiceAgent(context.callId),
      [args.date, args.time].filter(Boolean).join(' '),
    );
    const local = DateTime.fromJSDate(appointment.startsAt, { zone: appointment.timezone });
    return {
      status: 'scheduled',
      message: say.appointmentScheduled(args.caller_name, spokenDateTime(local, time !== null, context.language), time !== null),
      ids: { appointment_id: appointment.id },
    };
  }
}
