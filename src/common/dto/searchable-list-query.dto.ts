import { Transform } from 'class-transformer';
import { IsISO8601, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

import { ListQueryDto } from './list-query.dto';

/** Paging plus free-text search and a creation-time window, for the record lists staff work. */
export class SearchableListQueryDto extends ListQueryDto {
  /** Matched, case-insensitively, against names, phone numbers and emails. */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  q?: string;

  /** Created at or after this instant (an ISO date is its start, UTC). */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'created_from must be an ISO 8601 date or date-time' })
  created_from?: string;

  /** Created at or before this instant (an ISO date is its start, UTC). */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'created_to must be an ISO 8601 date or date-time' })
  created_to?: string;
}
