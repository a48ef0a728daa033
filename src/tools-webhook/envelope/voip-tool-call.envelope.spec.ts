import { BadRequestException } from '@nestjs/common';

import { ToolCallDto } from '../dto/tool-call.dto';
import { VoipToolCallEnvelope } from './voip-tool-call.envelope';

describe('VoipToolCallEnvelope', () => {
  const envelope = new VoipToolCallEnvelope();

  it('checks a good body into the DTO: unknown fields dropped, prototype keys cleared from the args', async () => {
    const body = JSON.parse(
      '{"function":"create_lead","args":{"first_name":"Ana","constructor":"x","nested":{"__proto__":{"admin":true},"kept":1}},"call_id":"c-1","tenant_id":"office-1","added_later":"v2"}',
    ) as Record<string, unknown>;
    const dto = await envelope.transform(body);
    expect(dto).toBeInstanceOf(ToolCallDto);
    expect({ ...dto }).toEqual({
      function: 'create_lead',
      args: { first_name: 'Ana', nested: { kept: 1 } },
      call_id: 'c-1',
      tenant_id: 'office-1',
    });
    expect(envelope.toRequest(dto)).toEqual({
      function: 'create_lead',
      args: { first_name: 'Ana', nested: { kept: 1 } },
      callId: 'c-1',
    });
  });

  it("refuses a bad body with the app pipe's 400, naming each field", async () => {
    const refusal = (body: unknown) =>
      envelope.transform(body).then(
        () => null,
        (error: unknown) => (error instanceof BadRequestException ? error.getResponse() : error),
      );
    expect(await refusal({ function: 'no spaces allowed', args: [], call_id: 7, tenant_id: 'bad id' })).toEqual({
      error: 'Bad Request',
      fields: ['function', 'args', 'call_id', 'tenant_id'],
      message: expect.arrayContaining([
        'function must be a tool name',
        'args must be an object',
        'call_id must be a string',
        'tenant_id must be a platform tenant id (letters, digits, . _ : -)',
      ]),
    });
    expect(await refusal([{ function: 'create_lead', args: {} }])).toEqual(
      expect.objectContaining({ error: 'Bad Request' }),
    );
  });

  it('reads a body once, however many ask', () => {
    const body = { function: 'create_lead', args: { language: 'es' }, call_id: 'c-2' };
    const first = envelope.sight(body);
    expect(envelope.sight(body)).toBe(first);
    expect(first).toEqual({
      function: 'create_lead',
      args: { language: 'es' },
      callId: 'c-2',
      tenantId: null,
      argsLanguage: 'es',
    });
  });
});
