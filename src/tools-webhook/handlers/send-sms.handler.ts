import { Injectable } from '@nestjs/common';
import { PhoneNumbersService } from '../../common/phone/phone-numbers.service';
import { SmsService } from '../../sms/sms.service';
import { Spoken } from '../spoken/spoken-messages';
import { ToolContext, ToolHandler, ToolOutcome } from '../tool-handler';
import { SendSmsArgsDto } from './dto/send-sms-args.dto';

/** "Text me the address": one SMS to the number the caller gave. */
@Injectable()
export class SendSmsHandler implements ToolHandler<SendSmsArgsDto> {
  readonly name = 'send_sms';
  readonly argsType = SendSmsArgsDto;

  constructor(
    private readonly sms: SmsService,
    private readonly phones: PhoneNumbersService,
  ) {}

  async handle(args: SendSmsArgsDto, context: ToolContext): Promise<ToolOutcome> {
    const { sms, retryable } = await this.sms.send(context.scope, {
      toPhone: args.to_phone,
      body: args.message,
      purpose: args.purpose,
      callerName: args.caller_name,
      callId: context.callId,
      requestedBy: 'voice_agent',
    });
    if (sms.status === 'failed') {
      return {
        status: 'failed',
        message: retryable ? Spoken.smsFailedTransient : Spoken.smsFailedRefused,
        ids: { sms_id: sms.id },
        internalError: sms.error ?? undefined,
      };
    }
    return { status: 'sent', message: Spoken.smsSent(this.phones.lastFour(sms.toPhone)), ids: { sms_id: sms.id } };
  }
}
