import { Injectable, Logger } from '@nestjs/common';

import { PhoneNumbersService } from '../../common/phone/phone-numbers.service';
import { voiceAgent } from '../../common/tenancy/actor';
import { Message } from '../../messages/message.entity';
import { MessagesService } from '../../messages/messages.service';
import { urgentMessageAlert } from '../../messages/urgent-message-alert';
import { SmsService } from '../../sms/sms.service';
import { madeByDeadDelivery } from '../call/resumed-call';
import { spokenIn } from '../spoken/spoken-messages';
import { describeError } from '../tool-dispatcher.service';
import { ToolContext, ToolHandler, ToolOutcome } from '../tool-handler';
import { LeaveMessageArgsDto } from '../understanding/dto/leave-message-args.dto';
import { SpokenPhoneNumbersService } from '../understanding/spoken-phone-numbers.service';

/** The `purpose` of the text an urgent message sends to the tenant's on-call phone. */
export const URGENT_ALERT_PURPOSE = 'urgent_message_alert';

/**
 * "Can you tell Carlos to call me back?": a message for staff, flagged when urgent. An urgent
 * message also texts the tenant's on-call phone, when it has one, through the SMS outbox.
 */
@Injectable()
export class LeaveMessageHandler implements ToolHandler<LeaveMessageArgsDto> {
  private readonly logger = new Logger(LeaveMessageHandler.name);
  readonly name = 'leave_message';
  readonly argsType = LeaveMessageArgsDto;
  readonly description =
    'Take a message for staff, or for a named person, with a number to call back; mark it urgent when the caller says it is.';

  constructor(
    private readonly messages: MessagesService,
    private readonly phones: PhoneNumbersService,
    private readonly spokenPhones: SpokenPhoneNumbersService,
    private readonly sms: SmsService,
  ) {}

  async handle(args: LeaveMessageArgsDto, context: ToolContext): Promise<ToolOutcome> {
    const say = spokenIn(context.language);
    const urgent = args.urgent ?? false;
    // Read in the tenant's country ("612 345 678" is Spanish for a Spanish agency).
    const callerPhone = this.spokenPhones.requireE164(args.caller_phone, 'callerPhone', context.tenant?.defaultCountry);
    // The message an earlier delivery of this same call saved before its instance died: kept,
    // not saved twice; its urgent alert is sent only if that delivery had not sent it.
    const made = (await madeByDeadDelivery(context, (scope, callId) => this.messages.findByCall(scope, callId))).find(
      (saved) => saved.callerPhone === callerPhone && saved.body === args.message,
    );
    // A message that texts the on-call phone is written first: no text leaves about a message
    // that could still fail to be kept. Any other joins the call's one commit.
    const alerts = urgent && Boolean(context.tenant?.onCallPhone);
    const message =
      made ??
      (await this.messages.create(
        context.scope,
        {
          callerName: args.caller_name,
          callerPhone,
          body: args.message,
          forPerson: args.for_person,
          urgent,
          callbackPreferredTime: args.callback_preferred_time,
        },
        voiceAgent(context.callId),
        alerts ? {} : { writes: context.writes },
      ));
    // The message is saved: what the caller hears does not depend on the alert's fate.
    const alertProblem =
      urgent && !(made && (await this.alertedByDeadDelivery(context)))
        ? await this.alertOnCall(message, context)
        : undefined;
    return {
      status: 'saved',
      message: urgent ? say.messageSavedUrgent(args.caller_name) : say.messageSaved(args.caller_name, args.for_person),
      ids: { message_id: message.id },
      ...(alertProblem && { internalError: alertProblem }),
    };
  }

  /** Whether an earlier delivery of this same call, which died, already texted the on-call phone. */
  private async alertedByDeadDelivery(context: ToolContext): Promise<boolean> {
    const texts = await madeByDeadDelivery(context, (scope, callId) => this.sms.findByCall(scope, callId));
    return texts.some((text) => text.purpose === URGENT_ALERT_PURPOSE);
  }

  /**
   * Texts the tenant's on-call phone a summary of an urgent message, in the tenant's language.
   * Answers what went wrong, for the tool-call log, or undefined when it was sent (or nobody is on call).
   *
   * The alert is one of the call's texts: it counts towards SMS_MAX_PER_CALL (and the tenant's
   * hourly cap) like any other, so a caller who left an urgent message has one text fewer left
   * for send_sms on that call. A capped alert is recorded as blocked and noted here.
   */
  private async alertOnCall(message: Message, context: ToolContext): Promise<string | undefined> {
    const onCall = context.tenant?.onCallPhone;
    if (!onCall) return undefined;
    try {
      const body = urgentMessageAlert(
        {
          callerName: message.callerName,
          callerPhone: this.phones.readable(message.callerPhone),
          body: message.body,
          forPerson: message.forPerson,
          callbackPreferredTime: message.callbackPreferredTime,
        },
        context.tenant?.language ?? context.language,
      );
      const { sms, outcome } = await this.sms.send(context.scope, {
        toPhone: onCall,
        body,
        purpose: URGENT_ALERT_PURPOSE,
        callerName: message.callerName,
        callId: context.callId,
        actor: voiceAgent(context.callId),
      });
      if (outcome === 'sent' || outcome === 'logged') return undefined;
      if (outcome === 'queued')
        return `urgent alert to the on-call phone queued for retry: ${sms.error ?? 'no reason given'}`;
      return `urgent alert to the on-call phone not sent (${outcome}): ${sms.error ?? 'no reason given'}`;
    } catch (error) {
      this.logger.error(`Urgent alert for call ${context.callId ?? '-'} failed: ${describeError(error)}`);
      return `urgent alert to the on-call phone failed: ${describeError(error)}`;
    }
  }
}
