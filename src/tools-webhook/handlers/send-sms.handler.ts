import { Injectable } from '@nestjs/common';

import { PhoneNumbersService } from '../../common/phone/phone-numbers.service';
import { voiceAgent } from '../../common/tenancy/actor';
import { recordedSmsOutcome } from '../../sms/recorded-sms-outcome';
import { SmsOutcome, SmsService } from '../../sms/sms.service';
import { SmsMessage } from '../../sms/sms-message.entity';
import { madeByDeadDelivery } from '../call/resumed-call';
import { spokenIn } from '../spoken/spoken-messages';
import { ToolContext, ToolHandler, ToolOutcome } from '../tool-handler';
import { SendSmsArgsDto } from '../understanding/dto/send-sms-args.dto';
import { SpokenPhoneNumbersService } from '../understanding/spoken-phone-numbers.service';

/** "Text me the address": one SMS to the number the caller gave. */
@Injectable()
export class SendSmsHandler implements ToolHandler<SendSmsArgsDto> {
  readonly name = 'send_sms';
  readonly argsType = SendSmsArgsDto;
  readonly description =
    'Text one SMS to a phone number the caller gives, for example to send them an address or a link they asked for.';

  constructor(
    private readonly sms: SmsService,
    private readonly phones: PhoneNumbersService,
    private readonly spokenPhones: SpokenPhoneNumbersService,
  ) {}

  async handle(args: SendSmsArgsDto, context: ToolContext): Promise<ToolOutcome> {
    const say = spokenIn(context.language);
    // Read in the tenant's country ("612 345 678" is Spanish for a Spanish agency); SmsService gets E.164.
    const toPhone = this.spokenPhones.requireE164(args.to_phone, 'toPhone', context.tenant?.defaultCountry);
    const { sms, outcome } =
      (await this.sentByDeadDelivery(toPhone, args, context)) ??
      (await this.sms.send(
        context.scope,
        {
          toPhone,
          body: args.message,
          purpose: args.purpose,
          callerName: args.caller_name,
          callId: context.callId,
          actor: voiceAgent(context.callId),
        },
        { writes: context.writes },
      ));
    const ids = { sms_id: sms.id };
    const lastFour = this.phones.lastFour(sms.toPhone);
    switch (outcome) {
      case 'sent':
      case 'logged':
        return { status: 'sent', message: say.smsSent(lastFour), ids };
      // Not sent yet: `failed` now, and the truth that the outbox will send it shortly.
      case 'queued':
        return {
          status: 'failed',
          message: say.smsQueued(lastFour),
          ids,
          internalError: `queued for retry: ${sms.error}`,
        };
      // One sentence, no reason: which numbers we refuse, and why, is not the caller's business.
      case 'destination_refused':
        return {
          status: 'failed',
          message: say.smsDestinationRefused(lastFour),
          ids,
          internalError: sms.error ?? undefined,
        };
      case 'opted_out':
        return { status: 'failed', message: say.smsOptedOut(lastFour), ids, internalError: sms.error ?? undefined };
      case 'capped':
        return { status: 'failed', message: say.smsCapReached, ids, internalError: sms.error ?? undefined };
      case 'gave_up':
        return { status: 'failed', message: say.smsFailedTransient, ids, internalError: sms.error ?? undefined };
      case 'refused':
        return { status: 'failed', message: say.smsFailedRefused, ids, internalError: sms.error ?? undefined };
    }
  }

  /**
   * The text an earlier delivery of this same call made before its instance died (the same
   * number and words), as it stands now: the outbox sends it, so it is reported, not sent again.
   */
  private async sentByDeadDelivery(
    toPhone: string,
    args: SendSmsArgsDto,
    context: ToolContext,
  ): Promise<{ sms: SmsMessage; outcome: SmsOutcome } | undefined> {
    const texts = await madeByDeadDelivery(context, (scope, callId) => this.sms.findByCall(scope, callId));
    const sms = texts.find((text) => text.toPhone === toPhone && text.body === args.message);
    return sms && { sms, outcome: recordedSmsOutcome(sms) };
  }
}
