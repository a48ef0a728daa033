import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { And, LessThan, MoreThanOrEqual, Repository } from 'typeorm';

import { EnvironmentVariables } from '../config/environment';
import { Tenant } from '../tenants/tenant.entity';
import { AppointmentSlot } from './appointment-slot.entity';
import { BookingRules, bookingRules, requireWithinHorizon } from './business-hours';
import { findOffers, Offers } from './free-slots';

/** The key a tenant's steps are held under: the key cannot hold null, so records of no tenant use ''. */
export function tenantKey(tenantId: string | null): string {
  return tenantId ?? '';
}

/**
 * When a tenant can be booked: its rules (zone, business hours, appointment length, from its
 * settings or the defaults) and the free times near one asked for, read from the steps that
 * booked appointments hold (appointment_slots).
 */
@Injectable()
export class AppointmentAvailabilityService {
  private readonly fallbackZone: string;

  constructor(
    @InjectRepository(AppointmentSlot) private readonly slots: Repository<AppointmentSlot>,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.fallbackZone = config.get('DEFAULT_TIMEZONE', { infer: true });
  }

  /** A tenant's rules (null, for records of no tenant or a tenant not stored: DEFAULT_TIMEZONE and the defaults). */
  rulesFor(tenant: Tenant | null): BookingRules {
    return bookingRules(tenant, this.fallbackZone);
  }

  /**
   * Free times to offer near `near` on `day` (or the day's first ones), else on the next open days
   * up to the booking horizon; a `day` beyond it is refused as an invalid `date` (beyond_horizon).
   */
  offers(
    tenantId: string | null,
    rules: BookingRules,
    day: DateTime,
    near: DateTime | null,
    minutes: number,
    now: DateTime = DateTime.now(),
  ): Promise<Offers> {
    requireWithinHorizon(rules, day, now);
    return findOffers({ rules, day, near, minutes, now }, async (from, to) => {
      const held = await this.slots.find({
        select: { startsAt: true },
        where: { tenantKey: tenantKey(tenantId), startsAt: And(MoreThanOrEqual(from), LessThan(to)) },
      });
      return new Set(held.map((slot) => new Date(slot.startsAt).getTime()));
    });
  }
}
