import { Injectable } from '@nestjs/common';
import { voiceAgent } from '../../common/tenancy/actor';
import { MessagesService } from '../../messages/messages.service';
import { Spoken } from '../spoken/spoken-messages';
import { ToolContext, ToolHandler, ToolOutcome } from '../tool-handler';
import { LeaveMessageArgsDto } from './dto/leave-message-args.dto';

/** "Can you tell Carlos to call me back?": a message for staff, flagged when urgent. */
@Injectable()
export class LeaveMessageHandler implements ToolHandler<LeaveMessageArgsDto> {
  readonly name = 'leave_message';
  readonly argsType = LeaveMessageArgsDto;

  constructor(private readonly messages: MessagesService) {}

  async handle(args: LeaveMessageArgsDto, context: ToolContext): Promise<ToolOutcome> {
    const urgent = args.urgent ?? false;
    const message = await this.messages.create(
      context.scope,
      {
        callerName: args.caller_name,
        callerPhone: args.caller_phone,
        body: args.message,
        forPerson: args.for_person,
        urgent,
        callbackPreferredTime: args.callback_preferred_time,
      },
      voiceAgent(context.callId),
    );
    return {
      status: 'saved',
      message: urgent ? Spoken.messageSavedUrgent(args.caller_name) : Spoken.messageSaved(args.caller_name, args.for_person),
      ids: { message_id: message.id },
    };
  }
}
