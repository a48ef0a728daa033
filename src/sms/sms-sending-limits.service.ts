import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { FindOptionsWhere, IsNull, MoreThanOrEqual, Not, Repository } from 'typeorm';

import { EnvironmentVariables } from '../config/environment';
import { TenantsService } from '../tenants/tenants.service';
import { SmsMessage } from './sms-message.entity';

const HOUR_MS = 60 * 60 * 1000;

/** The text about to be sent, as the caps see it. */
export interface CappedText {
  tenantId: string | null;
  /** The platform's call id; null when the call named none (or for staff). */
  callId: string | null;
  /** E.164. */
  toPhone: string;
  /** Whether the voice agent asks (during a call), rather than a staff user. */
  byVoiceAgent: boolean;
  /** Billed segments of the text (smsSegments). */
  segments: number;
}

/**
 * Caps on what we text, in billed SMS segments (a 1,600-character Unicode text is 24 of them),
 * so that no one can make us spend without bound (OWASP API4, unrestricted resource consumption:
 * SMS pumping is the textbook case):
 *
 * - per phone call (SMS_MAX_PER_CALL, or the tenant's smsMaxPerCall). A voice-agent text whose
 *   call named no call_id counts against the number it goes to over the last hour instead: the
 *   caller who asked to be texted is the one identity such a call has.
 * - per tenant and hour (SMS_MAX_PER_TENANT_HOUR, or the tenant's smsMaxPerHour);
 * - for the whole platform per hour (SMS_MAX_PER_PLATFORM_HOUR): tenant ids a platform key can
 *   name freely add no budget.
 *
 * A text over a cap is refused whole (never cut). A tenant's own setting wins over the
 * environment's. Texts that were never sent (`blocked`) do not count. The sums are read, not
 * reserved: two texts racing for the last segments may both pass. A cap is a spending guard, not
 * an exact quota.
 */
@Injectable()
export class SmsSendingLimitsService {
  private readonly perCall: number;
  private readonly perHour: number;
  private readonly perPlatformHour: number;

  constructor(
    @InjectRepository(SmsMessage) private readonly messages: Repository<SmsMessage>,
    private readonly tenants: TenantsService,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.perCall = config.get('SMS_MAX_PER_CALL', { infer: true });
    this.perHour = config.get('SMS_MAX_PER_TENANT_HOUR', { infer: true });
    this.perPlatformHour = config.get('SMS_MAX_PER_PLATFORM_HOUR', { infer: true });
  }

  /** Why this text may not be sent, or null when it may. */
  async refusal(text: CappedText): Promise<string | null> {
    const tenant = await this.tenants.findCached(text.tenantId);
    const perCall = tenant?.smsMaxPerCall ?? this.perCall;
    const perHour = tenant?.smsMaxPerHour ?? this.perHour;
    const lastHour = MoreThanOrEqual(new Date(Date.now() - HOUR_MS));
    const sent = { status: Not('blocked' as const) };
    const inTenant = { ...sent, tenantId: text.tenantId ?? IsNull() };
    const over = async (where: FindOptionsWhere<SmsMessage>, cap: number) =>
      ((await this.messages.sum('segments', where)) ?? 0) + text.segments > cap;

    if (text.callId !== null && (await over({ ...inTenant, callId: text.callId }, perCall)))
      return `SMS cap reached: ${perCall} segments per call`;
    if (
      text.callId === null &&
      text.byVoiceAgent &&
      (await over(
        { ...inTenant, callId: IsNull(), requestedBy: 'voice_agent', toPhone: text.toPhone, createdAt: lastHour },
        perCall,
      ))
    )
      return `SMS cap reached: ${perCall} segments per caller phone per hour (call without call_id)`;
    if (await over({ ...inTenant, createdAt: lastHour }, perHour))
      return `SMS cap reached: ${perHour} segments per hour for this tenant`;
    if (await over({ ...sent, createdAt: lastHour }, this.perPlatformHour))
      return `SMS cap reached: ${this.perPlatformHour} segments per hour for the platform`;
    return null;
  }
}
