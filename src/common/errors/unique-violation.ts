import { QueryFailedError } from 'typeorm';

/** A write refused by a unique index, on SQLite ("UNIQUE constraint failed") or PostgreSQL ("duplicate key"). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && /unique|duplicate/i.test(error.message);
}
