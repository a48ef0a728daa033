import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

import { IsOmittable } from '../../common/validation/is-omittable.decorator';
import { APPOINTMENT_STATUSES, AppointmentStatus } from '../appointment.entity';

export class CreateAppointmentDto {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  callerName: string;

  @IsString()
  @MaxLength(40)
  phone: string;

  @IsString()
  @MinLength(1)
  @MaxLength(500)
  purpose: string;

  /** Local date in the tenant's timezone. */
  @IsISO8601({ strict: true }, { message: 'date must be a date, YYYY-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be YYYY-MM-DD' })
  date: string;

  /** Local time, 24-hour. */
  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'time must be HH:mm (24-hour)' })
  time?: string | null;

  @IsOmittable()
  @IsInt()
  @Min(5)
  @Max(480)
  durationMinutes?: number;

  @IsOptional()
  @IsString()
  @MaxLength(5000)
  notes?: string | null;

  @IsOmittable()
  @IsIn(APPOINTMENT_STATUSES)
  status?: AppointmentStatus;
}
