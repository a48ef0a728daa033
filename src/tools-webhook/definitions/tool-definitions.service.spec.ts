import { CheckPolicyStatusHandler } from '../handlers/check-policy-status.handler';
import { CreateLeadHandler } from '../handlers/create-lead.handler';
import { LeaveMessageHandler } from '../handlers/leave-message.handler';
import { ScheduleAppointmentHandler } from '../handlers/schedule-appointment.handler';
import { SendSmsHandler } from '../handlers/send-sms.handler';
import type { ToolHandler } from '../tool-handler';
import { argsSchema } from './args-schema.generator';
import { ToolDefinitionsService } from './tool-definitions.service';

// Only `name`, `description` and `argsType` are read: the handlers' services are never called.
const handlers = [
  SendSmsHandler,
  CreateLeadHandler,
  LeaveMessageHandler,
  ScheduleAppointmentHandler,
  CheckPolicyStatusHandler,
].map((Handler) => new (Handler as unknown as new () => ToolHandler & { description?: string })());

describe('ToolDefinitionsService', () => {
  const { tools } = new ToolDefinitionsService(handlers).all();

  it('declares every registered tool as an OpenAI-style function, in registration order', () => {
    expect(tools.map((tool) => [tool.type, tool.function.name])).toEqual([
      ['function', 'send_sms'],
      ['function', 'create_lead'],
      ['function', 'leave_message'],
      ['function', 'schedule_appointment'],
      ['function', 'check_policy_status'],
    ]);
  });

  it("gives each tool its handler's own description, a sentence or two", () => {
    for (const [index, tool] of tools.entries()) {
      expect(tool.function.description).toBe(handlers[index].description);
      expect([
        tool.function.name,
        tool.function.description.length >= 20 && tool.function.description.length <= 250,
      ]).toEqual([tool.function.name, true]);
    }
  });

  it("takes each tool's parameters from its args DTO", () => {
    for (const [index, tool] of tools.entries())
      expect(tool.function.parameters).toEqual(argsSchema(handlers[index].argsType));
  });

  it('uses names voice platforms accept for a function', () => {
    for (const tool of tools) expect(tool.function.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
  });
});
