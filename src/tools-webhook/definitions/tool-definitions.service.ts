import { Inject, Injectable } from '@nestjs/common';

import { TOOL_HANDLERS, ToolHandler } from '../tool-handler';
import { argsSchema } from './args-schema.generator';
import type { ToolDefinition, ToolDefinitions } from './tool-definition';

export function toolDefinition(handler: ToolHandler): ToolDefinition {
  return {
    type: 'function',
    function: {
      name: handler.name,
      description: handler.description,
      parameters: argsSchema(handler.argsType),
    },
  };
}

/**
 * The function declarations of every registered tool, as a voice platform takes them. Built
 * once: the metadata they come from is fixed when the classes load.
 */
@Injectable()
export class ToolDefinitionsService {
  private readonly definitions: ToolDefinitions;

  constructor(@Inject(TOOL_HANDLERS) handlers: ToolHandler[]) {
    this.definitions = { tools: handlers.map(toolDefinition) };
  }

  all(): ToolDefinitions {
    return this.definitions;
  }
}
