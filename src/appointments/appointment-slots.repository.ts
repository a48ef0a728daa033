import { Injectable } from '@nestjs/common';

import { SqlDialect } from '../database/sql-dialect';
import type { Statement } from '../database/statement';
import { AppointmentSlot } from './appointment-slot.entity';

/**
 * The steps of tenants' calendars that appointments hold. Its statements run in one atomic batch
 * with the appointment's own write (SqlDialect.runAtomically), so a step already held refuses the
 * whole booking with a unique violation.
 */
@Injectable()
export class AppointmentSlotsRepository {
  private releaseSql: string | undefined;

  constructor(private readonly sql: SqlDialect) {}

  /** The insert of the steps an appointment holds, one row each (none: no statement). */
  hold(appointmentId: string, tenantKey: string, steps: readonly Date[]): Statement[] {
    if (steps.length === 0) return [];
    return [
      this.sql.insert(
        AppointmentSlot,
        steps.map((startsAt) => Object.assign(new AppointmentSlot(), { tenantKey, startsAt, appointmentId })),
      ),
    ];
  }

  /** The delete of every step an appointment holds. */
  release(appointmentId: string): Statement {
    this.releaseSql ??= `DELETE FROM ${this.sql.table(AppointmentSlot)} WHERE ${this.sql.column(AppointmentSlot, 'appointmentId')} = ${this.sql.parameter(0)}`;
    return { sql: this.releaseSql, parameters: [appointmentId] };
  }
}
