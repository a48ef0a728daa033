import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, MaxLength } from 'class-validator';

import { AskFor } from '../ask-for.decorator';
import { looseMinutes, looseText } from '../loose-values';
import { MAX_SPOKEN_PHONE_LENGTH } from '../spoken-phone-number';

export class ScheduleAppointmentArgsDto {
  @AskFor({ en: 'your name', es: 'su nombre' })
  @Transform(looseText)
  @IsString()
  @MaxLength(200)
  caller_name: string;

  @AskFor({ en: 'the best phone number to reach you', es: 'el mejor número de teléfono para comunicarnos con usted' })
  @Transform(looseText)
  @IsString()
  @MaxLength(MAX_SPOKEN_PHONE_LENGTH)
  phone: string;

  @AskFor({ en: 'which day you would like', es: 'qué día le gustaría' })
  @Transform(looseText)
  @IsString()
  @MaxLength(100)
  date: string;

  @AskFor({ en: 'what the appointment is for', es: 'el motivo de la cita' })
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
