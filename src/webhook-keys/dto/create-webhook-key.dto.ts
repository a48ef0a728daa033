import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength } from 'class-validator';

/** A new webhook key; its tenant is the request's (`?tenant_id=` for an owner), never a body field. */
export class CreateWebhookKeyDto {
  /** What staff call it, e.g. "Main line" or "Spanish queue". */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;
}
