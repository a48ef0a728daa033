import { DateTime } from 'luxon';

/** A JSON body or a database row, read loosely. */
export type Body = Record<string, any>;

/** A timestamp column as an instant: PostgreSQL hands back a Date, SQLite UTC text. */
export function instant(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string')
    return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`).getTime();
  throw new Error(`not a timestamp: ${String(value)}`);
}

/** A boolean column: PostgreSQL true/false, SQLite 1/0. */
export function bool(value: unknown): boolean {
  if (value === true || value === 1 || value === '1') return true;
  if (value === false || value === 0 || value === '0') return false;
  throw new Error(`not a boolean: ${String(value)}`);
}

/** A json column: PostgreSQL parses it, SQLite hands back the text. */
export function json(value: unknown): any {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

/** Every field a 400 names: validation and domain errors alike list them in `fields`. */
export function namedFields(body: Body): string[] {
  expect(Array.isArray(body.message)).toBe(true);
  return Array.isArray(body.fields) ? (body.fields as string[]) : [];
}

export function messageText(body: Body): string {
  return Array.isArray(body.message) ? (body.message as string[]).join(' | ') : String(body.message);
}

/** A weekday about `days` days ahead, as a local date in `zone`. */
export function weekdayAhead(days: number, zone: string): string {
  let day = DateTime.now().setZone(zone).startOf('day').plus({ days });
  while (day.weekday > 5) day = day.plus({ days: 1 });
  return day.toISODate()!;
}
