import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

/**
 * The deepest page a list serves: far past what staff page through (search narrows a list
 * instead), and every skipped row is still read. Larger numbers (`1e20`) are not even integers
 * the databases take.
 */
export const MAX_LIST_OFFSET = 1_000_000;

/** Paging shared by every staff list; `tenant_id` is read by @CurrentTenant(). */
export class ListQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit = 20;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_LIST_OFFSET)
  offset = 0;

  @IsOptional()
  @IsString()
  tenant_id?: string;
}
