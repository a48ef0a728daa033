import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, MaxLength } from 'class-validator';
import { AskFor } from '../../args/ask-for.decorator';
import { looseMinutes, looseText } from '../../args/loose-values';

export class ScheduleAppointmentArgsDto {
  @AskFor('your name')
  @Transform(looseText)
  @IsString()
  @MaxLength(200)
  caller_name: string;

  @AskFor('the best phone number to reach you')
  @Transform(looseText)
  @IsString()
  @MaxLength(40)
  phone: string;

  @AskFor('which day you would like')
  @Transform(looseText)
  @IsString()
  @MaxLength(100)
  date: string;

  @AskFor('what the appointment is for')
  @Transform(looseText)
  @IsString()
  @MaxLength(500)
  purpose: string;

  @Transform(looseText)
  @IsOptional()
  @IsString()
  @MaxLength(50)
  time?: string;

  /** Minutes: 30, "30", "30 minutes", "an hour"; unclear → the default length. */
  @Transform(looseMinutes)
  @IsOptional()
  @IsInt()
  duration?: number;

  @Transform(looseText)
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  notes?: string;
}
