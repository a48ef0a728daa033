import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

/** A text staff send from the CRM. */
export class SendSmsDto {
  @IsString()
  @MaxLength(40)
  toPhone: string;

  @IsString()
  @MinLength(1)
  @MaxLength(1600)
  body: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  purpose?: string;
}
