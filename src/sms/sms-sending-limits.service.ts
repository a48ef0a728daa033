import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, MoreThanOrEqual, Not, Repository } from 'typeorm';

import { EnvironmentVariables } from '../config/environment';
import { TenantsService } from '../tenants/tenants.service';
import { SmsMessage } from './sms-message.entity';

const HOUR_MS = 60 * 60 * 1000;

/**
 * Caps on what one tenant's callers can make us text: per phone call and per hour (OWASP API4,
 * unrestricted resource consumption: SMS is the textbook case). A tenant's own setting wins over
 * the environment's. Texts that were never sent (`blocked`) do not count.
 *
 * The counts are read, not reserved: two texts racing for the last place may both pass. A cap
 * is a spending guard, not an exact quota.
 */
@Injectable()
export class SmsSendingLimitsService {
  private readonly perCall: number;
  private readonly perHour: number;

  constructor(
    @InjectRepository(SmsMessage) private readonly messages: Repository<SmsMessage>,
    private readonly tenants: TenantsService,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.perCall = config.get('SMS_MAX_PER_CALL', { infer: true });
    this.perHour = config.get('SMS_MAX_PER_TENANT_HOUR', { infer: true });
  }

  /** Why one more text may not be sent, or null when it may. */
  async refusal(tenantId: string | null, callId: string | null): Promise<string | null> {
    const tenant = await this.tenants.findCached(tenantId);
    const perCall = tenant?.smsMaxPerCall ?? this.perCall;
    const perHour = tenant?.smsMaxPerHour ?? this.perHour;
    const counted = { tenantId: tenantId ?? IsNull(), status: Not('blocked' as const) };
    if (callId !== null && (await this.messages.countBy({ ...counted, callId })) >= perCall) {
      return `SMS cap reached: ${perCall} per call`;
    }
    if (
      (await this.messages.countBy({ ...counted, createdAt: MoreThanOrEqual(new Date(Date.now() - HOUR_MS)) })) >=
      perHour
    ) {
      return `SMS cap reached: ${perHour} per hour for this tenant`;
    }
    return null;
  }
}
