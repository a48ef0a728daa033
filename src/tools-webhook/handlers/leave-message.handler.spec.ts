import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';

import { UnitDispatcher, unitDispatcher } from '../../../test/support/unit-dispatcher';
import { PhoneNumbersService } from '../../common/phone/phone-numbers.service';
import type { Actor } from '../../common/tenancy/actor';
import type { TenantScope } from '../../common/tenancy/tenant-scope';
import type { CreateMessageInput } from '../../messages/dto/create-message.dto';
import { MessagesService } from '../../messages/messages.service';
import type { OutgoingSmsRequest } from '../../sms/dto/outgoing-sms-request';
import { SmsOutcome, SmsService } from '../../sms/sms.service';
import type { Tenant } from '../../tenants/tenant.entity';
import type { TenantsService } from '../../tenants/tenants.service';
import type { ToolCallRecord } from '../../tool-calls/dto/tool-call-record';
import { ToolCallDto } from '../dto/tool-call.dto';
import { Spoken, spokenIn } from '../spoken/spoken-messages';
import { SpokenPhoneNumbersService } from '../understanding/spoken-phone-numbers.service';
import { LeaveMessageHandler } from './leave-message.handler';

/** What the domain services accept from the webhook: a number already read, in E.164. */
const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Stands in for MessagesService with its contract: the callback number arrives in E.164 (the
 * handler reads it; anything else fails the call), and the message is remembered as it would be
 * stored, with an id.
 */
class MessagesStandIn {
  readonly created: Array<{ scope: TenantScope; input: CreateMessageInput; callId: string | null }> = [];

  async create(scope: TenantScope, input: CreateMessageInput, actor: Actor) {
    const callId = actor.kind === 'voice_agent' ? actor.callId : null;
    if (!E164.test(input.callerPhone)) throw new Error(`not E.164: ${input.callerPhone}`);
    const stored = { ...input };
    this.created.push({ scope, input: stored, callId });
    return { id: `msg-${this.created.length}`, ...stored };
  }
}

/** Stands in for SmsService: remembers each request and answers the outcome the test chose (or throws). */
class SmsStandIn {
  readonly requests: Array<{ scope: TenantScope; request: OutgoingSmsRequest }> = [];
  outcome: SmsOutcome | Error = 'sent';

  async send(scope: TenantScope, request: OutgoingSmsRequest) {
    this.requests.push({ scope, request });
    if (this.outcome instanceof Error) throw this.outcome;
    const error = this.outcome === 'sent' ? null : `the provider said ${this.outcome}`;
    return { sms: { id: `sms-${this.requests.length}`, toPhone: request.toPhone, error }, outcome: this.outcome };
  }
}

/** Tenants by platform id, with the settings the handler reads (others: the defaults). */
const TENANTS: Record<string, Partial<Tenant>> = {
  'agency-on-call': { onCallPhone: '+13055550100' },
  'agencia-madrid': { defaultCountry: 'ES', language: 'es', onCallPhone: '+34699111222' },
};

const BASE = { caller_name: 'Ana García', caller_phone: '7865550198', message: 'Please call me about my renewal' };

describe('LeaveMessageHandler (through ToolDispatcherService)', () => {
  let messages: MessagesStandIn;
  let sms: SmsStandIn;
  let rows: ToolCallRecord[];
  let dispatcher: UnitDispatcher;

  const dispatch = (args: Record<string, unknown>, extra: Partial<ToolCallDto> = {}) =>
    dispatcher.dispatch(Object.assign(new ToolCallDto(), { function: 'leave_message', args, ...extra }));

  beforeEach(async () => {
    const phones = new PhoneNumbersService(new ConfigService({ DEFAULT_COUNTRY: 'US' }));
    messages = new MessagesStandIn();
    sms = new SmsStandIn();
    rows = [];
    // Nest builds the handler, so the spec does not depend on its constructor's exact parameters.
    const moduleRef = await Test.createTestingModule({
      providers: [
        LeaveMessageHandler,
        { provide: MessagesService, useValue: messages },
        { provide: PhoneNumbersService, useValue: phones },
        SpokenPhoneNumbersService,
        { provide: SmsService, useValue: sms },
      ],
    }).compile();
    Logger.overrideLogger(false); // after compile(), which installs its own logger
    const toolCalls = { record: async (entry: ToolCallRecord) => void rows.push(entry) };
    // The call's tenant, as TenantsService.resolveForCall gives it (the handlers work with the scope).
    const tenants = {
      resolveForCall: async (platformTenantId: string) => ({
        platformTenantId,
        defaultCountry: 'US',
        language: 'en',
        onCallPhone: null,
        ...TENANTS[platformTenantId],
      }),
    } as unknown as TenantsService;
    dispatcher = unitDispatcher([moduleRef.get(LeaveMessageHandler)], toolCalls, tenants);
  });

  describe('urgent', () => {
    it.each<[unknown]>([
      [true],
      ['yes'],
      ['Yes'],
      ['YES'],
      ['true'],
      ['True'],
      [1],
      ['1'],
      ['urgent'],
      ['Urgent'],
      [' yes '],
    ])('%p means urgent', async (urgent) => {
      const reply = await dispatch({ ...BASE, urgent });

      expect(reply.body.status).toBe('saved');
      expect(messages.created).toHaveLength(1);
      expect(messages.created[0].input.urgent).toBe(true);
      expect(reply.body.message).toBe(Spoken.messageSavedUrgent('Ana García'));
    });

    it.each<[unknown]>([[false], ['no'], ['No'], ['false'], [0], ['0'], ['not urgent']])(
      '%p means not urgent',
      async (urgent) => {
        const reply = await dispatch({ ...BASE, urgent });

        expect(reply.body.status).toBe('saved');
        expect(messages.created[0].input.urgent).toBe(false);
        expect(reply.body.message).toBe(Spoken.messageSaved('Ana García'));
      },
    );

    it.each<[unknown]>([['maybe'], ['kind of'], [2], [-1], [null], [''], [{ level: 'high' }], [['yes']]])(
      '%p is unclear, so it is treated as absent: saved, not urgent',
      async (urgent) => {
        const reply = await dispatch({ ...BASE, urgent });

        expect(reply.httpStatus).toBe(200);
        expect(reply.body.status).toBe('saved');
        expect(messages.created[0].input.urgent).toBe(false);
      },
    );

    it('is not urgent when it is left out', async () => {
      await dispatch(BASE);
      expect(messages.created[0].input.urgent).toBe(false);
    });

    it('gives different spoken answers for urgent and ordinary messages', async () => {
      const urgent = await dispatch({ ...BASE, urgent: 'yes' });
      const ordinary = await dispatch({ ...BASE, urgent: 'no' });

      expect(urgent.body.message).not.toBe(ordinary.body.message);
      expect(urgent.body.message).toMatch(/urgent/i);
      expect(ordinary.body.message).not.toMatch(/urgent/i);
    });
  });

  it.each<[string, unknown]>([
    ['(786) 555-0198', '(786) 555-0198'],
    ['786.555.0198', '786.555.0198'],
    ['+1 786 555 0198', '+1 786 555 0198'],
    ['the number 7865550198', 7865550198],
  ])('stores the callback number %s as +17865550198', async (_label, callerPhone) => {
    await dispatch({ ...BASE, caller_phone: callerPhone });
    expect(messages.created[0].input.callerPhone).toBe('+17865550198');
  });

  it.each(['555-01', 'whenever', '(123) 456-7890'])(
    'asks for a valid phone number and saves nothing for %p',
    async (callerPhone) => {
      const reply = await dispatch({ ...BASE, caller_phone: callerPhone });

      expect(reply.body).toEqual({ status: 'error', message: Spoken.invalidPhone });
      expect(reply.body.message).toContain('valid phone number');
      expect(messages.created).toHaveLength(0);
    },
  );

  it('hands every field, the call id and the tenant to the service, and answers the message id', async () => {
    const reply = await dispatch(
      { ...BASE, for_person: ' Carlos ', callback_preferred_time: 'after 5 pm', urgent: 'no', extra: 'ignored' },
      { call_id: 'call-12', tenant_id: 'agency-4' },
    );

    expect(messages.created).toEqual([
      {
        scope: { tenantId: 'agency-4' },
        callId: 'call-12',
        input: {
          callerName: 'Ana García',
          callerPhone: '+17865550198',
          body: 'Please call me about my renewal',
          forPerson: 'Carlos',
          urgent: false,
          callbackPreferredTime: 'after 5 pm',
        },
      },
    ]);
    expect(reply.body).toEqual({
      status: 'saved',
      message: Spoken.messageSaved('Ana García', 'Carlos'),
      message_id: 'msg-1',
    });
    expect(reply.body.message).toContain('Carlos');
  });

  it('asks for exactly what is missing', async () => {
    const noMessage = await dispatch({ caller_name: 'Ana', caller_phone: '7865550198' });
    expect(noMessage.body).toEqual({
      status: 'error',
      message: 'Could you tell me the message you would like to leave?',
    });

    const nothing = await dispatch({ urgent: true });
    expect(nothing.body.message).toBe(
      'Could you tell me your name, the best number to call you back on and the message you would like to leave?',
    );
    expect(messages.created).toHaveLength(0);
  });

  it.each<[string, string, string]>([
    ['seven eight six, five five five, oh one nine eight', 'tenant-a', '+17865550198'],
    ['612 345 678', 'agencia-madrid', '+34612345678'],
    ['seis uno dos tres cuatro cinco seis siete ocho', 'agencia-madrid', '+34612345678'],
  ])("reads the callback number %p in the tenant's country (%s)", async (callerPhone, tenantId, expected) => {
    await dispatch({ ...BASE, caller_phone: callerPhone }, { tenant_id: tenantId });
    expect(messages.created[0].input.callerPhone).toBe(expected);
  });

  describe("the on-call phone's alert", () => {
    const URGENT = { ...BASE, urgent: true, for_person: 'Dr. Lee', message: 'The pipe burst in the kitchen.' };

    it('texts the on-call phone a summary of an urgent message, as the voice agent, for the call', async () => {
      const reply = await dispatch(URGENT, { tenant_id: 'agency-on-call', call_id: 'call-21' });

      expect(reply.body).toEqual({
        status: 'saved',
        message: Spoken.messageSavedUrgent('Ana García'),
        message_id: 'msg-1',
      });
      expect(sms.requests).toEqual([
        {
          scope: { tenantId: 'agency-on-call' },
          request: {
            toPhone: '+13055550100',
            body: 'Urgent message from Ana García (+1 786 555 0198) for Dr. Lee: The pipe burst in the kitchen',
            purpose: 'urgent_message_alert',
            callerName: 'Ana García',
            callId: 'call-21',
            actor: { kind: 'voice_agent', callId: 'call-21' },
          },
        },
      ]);
      expect(rows[0].error).toBeNull();
    });

    it("is written in the tenant's language", async () => {
      const reply = await dispatch(
        { ...URGENT, caller_phone: '612 345 678', message: 'Se rompió una tubería' },
        { tenant_id: 'agencia-madrid' },
      );

      expect(reply.body.message).toBe(spokenIn('es').messageSavedUrgent('Ana García'));
      expect(sms.requests[0].request).toMatchObject({
        toPhone: '+34699111222',
        body: 'Mensaje urgente de Ana García (+34 612 34 56 78) para Dr. Lee: Se rompió una tubería',
      });
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['an ordinary message', { ...URGENT, urgent: false }, 'agency-on-call'],
      ['a tenant without an on-call phone', URGENT, 'tenant-a'],
    ])('is not sent for %s', async (_label, args, tenantId) => {
      const reply = await dispatch(args, { tenant_id: tenantId });

      expect(reply.body.status).toBe('saved');
      expect(sms.requests).toHaveLength(0);
      expect(rows[0].error).toBeNull();
    });

    it('is not sent for a call without a tenant', async () => {
      await dispatch(URGENT);
      expect(sms.requests).toHaveLength(0);
    });

    it.each<[string, SmsOutcome | Error, RegExp]>([
      ['capped', 'capped', /urgent alert to the on-call phone not sent \(capped\)/],
      ['refused', 'refused', /not sent \(refused\)/],
      ['opted out', 'opted_out', /not sent \(opted_out\)/],
      ['queued for retry', 'queued', /queued for retry/],
      [
        'a failure',
        new Error('database is locked'),
        /urgent alert to the on-call phone failed: Error: database is locked/,
      ],
    ])('changes nothing the caller hears when it is %s, and is noted in the log', async (_label, outcome, note) => {
      sms.outcome = outcome;
      const reply = await dispatch(URGENT, { tenant_id: 'agency-on-call' });

      expect(reply).toEqual({
        httpStatus: 200,
        body: { status: 'saved', message: Spoken.messageSavedUrgent('Ana García'), message_id: 'msg-1' },
      });
      expect(messages.created).toHaveLength(1);
      expect(rows[0].status).toBe('saved');
      expect(rows[0].error).toMatch(note);
    });
  });
});
