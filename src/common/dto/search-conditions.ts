import { Between, FindOperator, FindOptionsWhere, LessThanOrEqual, MoreThanOrEqual, Raw } from 'typeorm';

import { SearchableListQueryDto } from './searchable-list-query.dto';

/** The `createdAt` window of a list query, or nothing. */
export function createdWithin(query: SearchableListQueryDto): { createdAt?: FindOperator<Date> } {
  const from = query.created_from ? new Date(query.created_from) : undefined;
  const to = query.created_to ? new Date(query.created_to) : undefined;
  if (from && to) return { createdAt: Between(from, to) };
  if (from) return { createdAt: MoreThanOrEqual(from) };
  if (to) return { createdAt: LessThanOrEqual(to) };
  return {};
}

/**
 * Case-insensitive "contains", with the searched text's own %, _ and backslash taken literally
 * (the same SQL on SQLite and PostgreSQL). `parameter` must differ between different texts.
 */
function contains(text: string, parameter: string): FindOperator<string> {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;
  return Raw((column) => `LOWER(${column}) LIKE :${parameter} ESCAPE '\\'`, {
    [parameter]: pattern,
  }) as FindOperator<string>;
}

/**
 * `base` AND (any text field contains q OR any phone field contains q's digits), as TypeORM's
 * OR-of-ANDs `where` array. A q that looks like a phone number ("555-0198") is matched by its
 * digits against the E.164 numbers.
 */
export function searchConditions<T>(
  base: FindOptionsWhere<T>,
  q: string | undefined,
  textFields: Array<keyof T>,
  phoneFields: Array<keyof T> = [],
): FindOptionsWhere<T>[] {
  if (!q) return [base];
  const digits = q.replace(/\D/g, '');
  const looksLikePhone = digits.length >= 4 && /^[\d\s().+-]+$/.test(q);
  const conditions = (looksLikePhone ? [] : textFields).map(
    (field) => ({ ...base, [field]: contains(q, 'searchText') }) as FindOptionsWhere<T>,
  );
  if (digits.length >= 4)
    conditions.push(
      ...phoneFields.map((field) => ({ ...base, [field]: contains(digits, 'searchDigits') }) as FindOptionsWhere<T>),
    );
  // A resource with no field q could match (no text fields, q not a phone): nothing matches.
  return conditions.length > 0 ? conditions : [{ ...base, id: '00000000-0000-0000-0000-000000000000' }];
}
