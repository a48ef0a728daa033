import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

import { SearchableListQueryDto } from '../../common/dto/searchable-list-query.dto';
import { APPOINTMENT_STATUSES, AppointmentStatus } from '../appointment.entity';

export class ListAppointmentsQueryDto extends SearchableListQueryDto {
  @IsOptional()
  @IsIn(APPOINTMENT_STATUSES)
  status?: AppointmentStatus;

  /** Appointments on or after this local date. */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be a date, YYYY-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be YYYY-MM-DD' })
  from?: string;

  /** Appointments on or before this local date. */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be a date, YYYY-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be YYYY-MM-DD' })
  to?: string;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  call_id?: string;
}
