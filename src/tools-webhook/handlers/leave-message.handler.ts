import { Injectable } from '@nestjs/common';
import { voiceAgent } from '../../common/tenancy/actor';
import { MessagesService } from '../../messages/messages.service';
import { spokenIn } from '../spoken/spoken-messages';
import { ToolContext, ToolHandler, ToolOutcome } from '../tool-handler';
import { LeaveMessageArgsDto } from './dto/leave-message-args.dto';

/** "Can you tell Carlos to call me back?": a message for staff, flagged when urgent. */
@Injectable()
export class LeaveMessageHandler implements ToolHandler<LeaveMessageArgsDto> {
  readonly name = 'leave_message';
  readonly argsType = LeaveMessageArgsDto;
  readonly description = 'Take a message for staff, or for a named person, with a number to call back; mark it urgent when the caller says it is.';

  constructor(private readonly messages: MessagesService) {}

  async handle(args: LeaveMessageArgsDto, context: ToolContext): Promise<ToolOutcome> {
    const say = spokenIn(context.language);
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
      message: urgent ? say.messageSavedUrgent(args.caller_name) : say.messageSaved(args.caller_name, args.for_person),
      ids: { message_id: message.id },
    };
  }
}
