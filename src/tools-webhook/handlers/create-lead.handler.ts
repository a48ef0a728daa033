import { Injectable } from '@nestjs/common';
import { isEmail } from 'class-validator';
import { voiceAgent } from '../../common/tenancy/actor';
import { LeadsService } from '../../leads/leads.service';
import { spokenIn } from '../spoken/spoken-messages';
import { ToolContext, ToolHandler, ToolOutcome } from '../tool-handler';
import { CreateLeadArgsDto } from './dto/create-lead-args.dto';

/** "I'm interested in auto insurance": a lead for staff to follow up. */
@Injectable()
export class CreateLeadHandler implements ToolHandler<CreateLeadArgsDto> {
  readonly name = 'create_lead';
  readonly argsType = CreateLeadArgsDto;
  readonly description =
    'Save a caller who is interested in our services as a lead for staff to follow up. A caller already on file is updated, not duplicated.';

  constructor(private readonly leads: LeadsService) {}

  async handle(args: CreateLeadArgsDto, context: ToolContext): Promise<ToolOutcome> {
    const say = spokenIn(context.language);
    const lead = await this.leads.create(
      context.scope,
      {
        firstName: args.first_name,
        lastName: args.last_name,
        phone: args.phone,
        email: args.email && isEmail(args.email) ? args.email : undefined,
        company: args.company,
        interest: args.interest,
        notes: args.notes,
        source: args.source ?? 'voice_agent',
      },
      voiceAgent(context.callId),
    );
    return { status: 'created', message: say.leadCreated(args.first_name), ids: { lead_id: lead.id } };
  }
}
