import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';

import { UnitDispatcher, unitDispatcher } from '../../../test/support/unit-dispatcher';
import { PhoneNumbersService } from '../../common/phone/phone-numbers.service';
import type { TenantScope } from '../../common/tenancy/tenant-scope';
import type { OutgoingSmsRequest } from '../../sms/dto/outgoing-sms-request';
import { SmsOutcome, SmsService } from '../../sms/sms.service';
import type { TenantsService } from '../../tenants/tenants.service';
import type { ToolCallRecord } from '../../tool-calls/dto/tool-call-record';
import { ToolCallDto } from '../dto/tool-call.dto';
import { Spoken } from '../spoken/spoken-messages';
import { SpokenPhoneNumbersService } from '../understanding/spoken-phone-numbers.service';
import { SendSmsHandler } from './send-sms.handler';

/** What the domain services accept from the webhook: a number already read, in E.164. */
const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Stands in for SmsService with its contract: the number arrives in E.164 (the handler reads
 * it; anything else fails the call); the answer is the stored row and what became of it.
 */
class SmsStandIn {
  readonly requests: Array<{ scope: TenantScope; request: OutgoingSmsRequest }> = [];
  result: { status: string; error: string | null; outcome: SmsOutcome } = {
    status: 'sent',
    error: null,
    outcome: 'sent',
  };

  async send(scope: TenantScope, request: OutgoingSmsRequest) {
    const { toPhone } = request;
    if (!E164.test(toPhone)) throw new Error(`not E.164: ${toPhone}`);
    this.requests.push({ scope, request: { ...request } });
    const { outcome, ...row } = this.result;
    return { sms: { id: 'sms-42', toPhone, body: request.body, ...row }, outcome };
  }
}

describe('SendSmsHandler (through ToolDispatcherService)', () => {
  let sms: SmsStandIn;
  let rows: ToolCallRecord[];
  let dispatcher: UnitDispatcher;

  const dispatch = (args: Record<string, unknown>, extra: Partial<ToolCallDto> = {}) =>
    dispatcher.dispatch(Object.assign(new ToolCallDto(), { function: 'send_sms', args, ...extra }));

  beforeEach(async () => {
    const phones = new PhoneNumbersService(new ConfigService({ DEFAULT_COUNTRY: 'US' }));
    sms = new SmsStandIn();
    rows = [];
    // Nest builds the handler, so the spec does not depend on its constructor's exact parameters.
    const moduleRef = await Test.createTestingModule({
      providers: [
        SendSmsHandler,
        { provide: SmsService, useValue: sms },
        { provide: PhoneNumbersService, useValue: phones },
        SpokenPhoneNumbersService,
      ],
    }).compile();
    Logger.overrideLogger(false); // after compile(), which installs its own logger
    const toolCalls = { record: async (entry: ToolCallRecord) => void rows.push(entry) };
    // The call's tenant, as TenantsService.resolveForCall gives it (the handlers work with the scope).
    const tenants = {
      resolveForCall: async (platformTenantId: string) => ({
        platformTenantId,
        defaultCountry: platformTenantId === 'agencia-madrid' ? 'ES' : 'US',
        language: 'en',
      }),
    } as unknown as TenantsService;
    dispatcher = unitDispatcher([moduleRef.get(SendSmsHandler)], toolCalls, tenants);
  });

  it.each<[string, unknown]>([
    ['(786) 555-0198', '(786) 555-0198'],
    ['786.555.0198', '786.555.0198'],
    ['+1 786 555 0198', '+1 786 555 0198'],
    ['786-555-0198', '786-555-0198'],
    ['1 (786) 555-0198', '1 (786) 555-0198'],
    ['the number 7865550198', 7865550198],
    ['padded "  7865550198  "', '  7865550198  '],
  ])('sends to +17865550198 when to_phone is %s', async (_label, toPhone) => {
    const reply = await dispatch({ to_phone: toPhone, message: 'Our office is at 100 Biscayne Blvd' });

    expect(reply.httpStatus).toBe(200);
    expect(reply.body.status).toBe('sent');
    expect(sms.requests).toHaveLength(1);
    expect(sms.requests[0].request.toPhone).toBe('+17865550198');
  });

  it.each<[string, unknown]>([
    ['too few digits', '555-0198'],
    ['words', 'call me maybe'],
    ['an impossible area code', '(123) 456-7890'],
    ['too many digits', '786-555-019888'],
    ['a short number', 12345],
  ])('asks for a valid phone number and sends nothing when to_phone is %s', async (_label, toPhone) => {
    const reply = await dispatch({ to_phone: toPhone, message: 'hello' });

    expect(reply.httpStatus).toBe(200);
    expect(reply.body).toEqual({ status: 'error', message: Spoken.invalidPhone });
    expect(reply.body.message).toContain('valid phone number');
    expect(sms.requests).toHaveLength(0);
  });

  it('hands the message, purpose, caller, call id and tenant to the service, text tidied', async () => {
    await dispatch(
      {
        to_phone: '7865550198',
        message: '  Our address is\n 100 Biscayne Blvd  ',
        purpose: ' directions ',
        caller_name: 'Ana  García',
        mood: 'calm',
      },
      { call_id: 'call-77', tenant_id: 'agency-1' },
    );

    expect(sms.requests).toEqual([
      {
        scope: { tenantId: 'agency-1' },
        request: {
          toPhone: '+17865550198',
          body: 'Our address is 100 Biscayne Blvd',
          purpose: 'directions',
          callerName: 'Ana García',
          callId: 'call-77',
          actor: { kind: 'voice_agent', callId: 'call-77' },
        },
      },
    ]);
  });

  it('leaves the optional fields out when they are blank', async () => {
    await dispatch({ to_phone: '7865550198', message: 'hi', purpose: '  ', caller_name: '' });
    expect(sms.requests[0].request.purpose).toBeUndefined();
    expect(sms.requests[0].request.callerName).toBeUndefined();
    expect(sms.requests[0].request.callId).toBeNull();
  });

  it('answers "sent" with the last four digits and the sms id', async () => {
    const reply = await dispatch({ to_phone: '(786) 555-0198', message: 'hi' });

    expect(reply.body).toEqual({ status: 'sent', message: Spoken.smsSent('0198'), sms_id: 'sms-42' });
    expect(reply.body.message).toContain('0198');
    expect(reply.body.message).not.toContain('786');
  });

  it('answers "failed" and that the text will follow shortly when it was queued for a retry', async () => {
    sms.result = { status: 'queued', error: 'provider timeout after 3000 ms', outcome: 'queued' };
    const reply = await dispatch({ to_phone: '7865550198', message: 'hi' });

    expect(reply.httpStatus).toBe(200);
    expect(reply.body).toEqual({ status: 'failed', message: Spoken.smsQueued('0198'), sms_id: 'sms-42' });
    expect(reply.body.message).toMatch(/shortly/);
    expect(rows[0].error).toBe('queued for retry: provider timeout after 3000 ms');
  });

  it('answers "failed" with the transient fallback when the last attempt failed too', async () => {
    sms.result = {
      status: 'failed',
      error: 'provider timeout after 3000 ms (gave up after 6 attempts)',
      outcome: 'gave_up',
    };
    const reply = await dispatch({ to_phone: '7865550198', message: 'hi' });

    expect(reply.body).toEqual({ status: 'failed', message: Spoken.smsFailedTransient, sms_id: 'sms-42' });
    expect(rows[0].error).toBe('provider timeout after 3000 ms (gave up after 6 attempts)');
  });

  it('tells the caller the number opted out, and that START turns texts back on', async () => {
    sms.result = { status: 'blocked', error: 'the recipient opted out of texts (STOP)', outcome: 'opted_out' };
    const reply = await dispatch({ to_phone: '7865550198', message: 'hi' });

    expect(reply.body).toEqual({ status: 'failed', message: Spoken.smsOptedOut('0198'), sms_id: 'sms-42' });
    expect(reply.body.message).toMatch(/opted out/);
  });

  it('tells the caller in one sentence that we cannot text a refused number, without the reason', async () => {
    sms.result = {
      status: 'blocked',
      error: 'SMS destination refused: a premium-rate number',
      outcome: 'destination_refused',
    };
    const reply = await dispatch({ to_phone: '7865550198', message: 'hi' });

    expect(reply.body).toEqual({ status: 'failed', message: Spoken.smsDestinationRefused('0198'), sms_id: 'sms-42' });
    expect(reply.body.message).not.toMatch(/premium/i);
    expect(rows[0].error).toBe('SMS destination refused: a premium-rate number');
  });

  it('declines gracefully over the SMS cap, and notes the cap for staff', async () => {
    sms.result = { status: 'blocked', error: 'SMS cap reached: 3 per call', outcome: 'capped' };
    const reply = await dispatch({ to_phone: '7865550198', message: 'hi' });

    expect(reply.body).toEqual({ status: 'failed', message: Spoken.smsCapReached, sms_id: 'sms-42' });
    expect(rows[0].error).toBe('SMS cap reached: 3 per call');
  });

  it('answers "failed" with the refused fallback when the provider refused the message', async () => {
    sms.result = { status: 'failed', error: 'Non-Whitelisted Destination', outcome: 'refused' };
    const reply = await dispatch({ to_phone: '7865550198', message: 'hi' });

    expect(reply.body).toEqual({ status: 'failed', message: Spoken.smsFailedRefused, sms_id: 'sms-42' });
    expect(reply.body.message).not.toContain('Whitelisted');
  });

  it('asks for exactly the missing phone number', async () => {
    const reply = await dispatch({ message: 'hi' });
    expect(reply.body).toEqual({ status: 'error', message: 'Could you tell me the phone number to text?' });
    expect(sms.requests).toHaveLength(0);
  });

  it('asks for exactly the missing message', async () => {
    const reply = await dispatch({ to_phone: '7865550198', message: '   ' });
    expect(reply.body).toEqual({ status: 'error', message: 'Could you tell me what the text message should say?' });
    expect(sms.requests).toHaveLength(0);
  });

  it('refuses a message longer than one long SMS can carry', async () => {
    const reply = await dispatch({ to_phone: '7865550198', message: 'a'.repeat(1601) });
    expect(reply.body.status).toBe('error');
    expect(reply.body.message).toContain('what the text message should say');
    expect(sms.requests).toHaveLength(0);
  });

  it.each<[string, string, string]>([
    ['seven eight six, five five five, oh one nine eight', 'tenant-a', '+17865550198'],
    ['plus one seven eight six five five five oh one nine eight', 'agencia-madrid', '+17865550198'],
    ['612 345 678', 'agencia-madrid', '+34612345678'],
    ['seis doce treinta y cuatro cincuenta y seis setenta y ocho', 'agencia-madrid', '+34612345678'],
  ])("reads to_phone %p in the tenant's country (%s)", async (toPhone, tenantId, expected) => {
    const reply = await dispatch({ to_phone: toPhone, message: 'Hola' }, { tenant_id: tenantId });

    expect(reply.body.status).toBe('sent');
    expect(sms.requests[0].request.toPhone).toBe(expected);
  });

  it("asks again for a number that is not one in the tenant's country, and sends nothing", async () => {
    const reply = await dispatch({ to_phone: '786 555 0198', message: 'Hola' }, { tenant_id: 'agencia-madrid' });

    expect(reply.body).toEqual({ status: 'error', message: Spoken.invalidPhone });
    expect(sms.requests).toHaveLength(0);
  });
});
