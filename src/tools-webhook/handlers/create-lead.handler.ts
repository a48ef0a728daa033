import { Injectable } from '@nestjs/common';
import { isEmail } from 'class-validator';

import { voiceAgent } from '../../common/tenancy/actor';
import { VOICE_AGENT_SOURCE } from '../../leads/lead.entity';
import { LeadsService } from '../../leads/leads.service';
import { madeByDeadDelivery } from '../call/resumed-call';
import { spokenIn } from '../spoken/spoken-messages';
import { ToolContext, ToolHandler, ToolOutcome } from '../tool-handler';
import { CreateLeadArgsDto } from '../understanding/dto/create-lead-args.dto';
import { SpokenPhoneNumbersService } from '../understanding/spoken-phone-numbers.service';

/**
 * "I'm interested in auto insurance": a lead for staff to follow up. A caller already on file
 * (the same phone, or the same email) is welcomed back and their lead updated, not duplicated.
 */
@Injectable()
export class CreateLeadHandler implements ToolHandler<CreateLeadArgsDto> {
  readonly name = 'create_lead';
  readonly argsType = CreateLeadArgsDto;
  readonly description =
    'Save a caller who is interested in our services as a lead for staff to follow up. A caller already on file is updated, not duplicated.';

  constructor(
    private readonly leads: LeadsService,
    private readonly phones: SpokenPhoneNumbersService,
  ) {}

  async handle(args: CreateLeadArgsDto, context: ToolContext): Promise<ToolOutcome> {
    const say = spokenIn(context.language);
    // Read in the tenant's country ("612 345 678" is Spanish for a Spanish agency).
    const phone = this.phones.requireE164(args.phone, 'phone', context.tenant?.defaultCountry);
    // The lead an earlier delivery of this same call made before its instance died: reported,
    // not saved again (which would answer "updated" to a caller who was just created).
    const made = (await madeByDeadDelivery(context, (scope, callId) => this.leads.findByCall(scope, callId))).find(
      (lead) => lead.phone === phone && lead.firstName === args.first_name,
    );
    if (made) return { status: 'created', message: say.leadCreated(args.first_name), ids: { lead_id: made.id } };
    const { lead, updated } = await this.leads.saveFromCall(
      context.scope,
      {
        firstName: args.first_name,
        lastName: args.last_name,
        phone,
        email: args.email && isEmail(args.email) ? args.email : undefined,
        company: args.company,
        interest: args.interest,
        notes: args.notes,
        source: args.source ?? VOICE_AGENT_SOURCE,
      },
      voiceAgent(context.callId),
      { writes: context.writes },
    );
    if (updated) return { status: 'updated', message: say.leadUpdated(args.first_name), ids: { lead_id: lead.id } };
    return { status: 'created', message: say.leadCreated(args.first_name), ids: { lead_id: lead.id } };
  }
}
