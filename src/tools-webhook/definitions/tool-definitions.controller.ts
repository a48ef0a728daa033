import { Controller, Get, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

import { Public } from '../../common/decorators/public.decorator';
import { STAFF_AUTH, WEBHOOK_BEARER_AUTH, WEBHOOK_HEADER_AUTH } from '../../common/openapi/api-docs';
import { SendSmsArgsDto } from '../understanding/dto/send-sms-args.dto';
import { argsSchema } from './args-schema.generator';
import type { ToolDefinitions } from './tool-definition';
import { ToolDefinitionsService } from './tool-definitions.service';
import { WebhookKeyOrStaffGuard } from './webhook-key-or-staff.guard';

// One tool, with the parameters the generator really gives it, so the example cannot go stale.
const EXAMPLE: ToolDefinitions = {
  tools: [
    {
      type: 'function',
      function: {
        name: 'send_sms',
        description: 'Text one SMS to a phone number the caller gives, …',
        parameters: argsSchema(SendSmsArgsDto),
      },
    },
  ],
};

/**
 * The tools' function declarations for the voice agent's configuration, generated from the
 * DTOs the webhook validates with. Its own controller: the webhook's filter and guards answer in
 * the platform's contract, which this route is not.
 */
@Public()
@UseGuards(WebhookKeyOrStaffGuard)
@ApiTags('tools webhook')
@ApiBearerAuth(WEBHOOK_BEARER_AUTH)
@ApiSecurity(WEBHOOK_HEADER_AUTH)
@ApiBearerAuth(STAFF_AUTH)
@Controller('webhooks/ai-tools/definitions')
export class ToolDefinitionsController {
  constructor(private readonly definitions: ToolDefinitionsService) {}

  @Get()
  @ApiOperation({
    summary: 'The tools as function declarations',
    description:
      'Each tool the webhook serves, in the OpenAI-style shape voice platforms take (`type: "function"`, name, description, JSON Schema of `args`), generated from the same metadata that validates the calls. Takes a webhook key (the platform\'s or a tenant\'s) or a staff JWT.',
  })
  @ApiOkResponse({
    description:
      '`{ tools: [{ type: "function", function: { name, description, parameters } }] }`: every tool (abbreviated example)',
    schema: { type: 'object', properties: { tools: { type: 'array', items: { type: 'object' } } }, example: EXAMPLE },
  })
  @ApiUnauthorizedResponse({ description: 'Neither a webhook key nor a valid staff token' })
  list(): ToolDefinitions {
    return this.definitions.all();
  }
}
