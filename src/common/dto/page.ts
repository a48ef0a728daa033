import { ListQueryDto } from './list-query.dto';

/** The list shape of every staff collection (DESIGN.md §5). */
export interface Page<T> {
  data: T[];
  total: number;
  limit: number;
  offset: number;
}

export function toPage<T>([data, total]: [T[], number], query: ListQueryDto): Page<T> {
  return { data, total, limit: query.limit, offset: query.offset };
}
