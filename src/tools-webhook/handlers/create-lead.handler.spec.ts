import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';

import { UnitDispatcher, unitDispatcher } from '../../../test/support/unit-dispatcher';
import { PhoneNumbersService } from '../../common/phone/phone-numbers.service';
import type { Actor } from '../../common/tenancy/actor';
import type { TenantScope } from '../../common/tenancy/tenant-scope';
import type { CreateLeadDto } from '../../leads/dto/create-lead.dto';
import { LeadsService } from '../../leads/leads.service';
import type { Tenant } from '../../tenants/tenant.entity';
import type { TenantsService } from '../../tenants/tenants.service';
import type { ToolCallRecord } from '../../tool-calls/dto/tool-call-record';
import { ToolCallDto } from '../dto/tool-call.dto';
import { Spoken, spokenIn } from '../spoken/spoken-messages';
import { SpokenPhoneNumbersService } from '../understanding/spoken-phone-numbers.service';
import { CreateLeadHandler } from './create-lead.handler';

/** What the domain services accept from the webhook: a number already read, in E.164. */
const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Stands in for LeadsService with its contract: the phone arrives in E.164 (the handler reads
 * it; anything else fails the call), and the lead is remembered as it would be stored, with an id. A phone in `onFile` is a
 * returning caller: that lead is updated (LeadsService's own merging is tested in returning-lead.spec.ts).
 */
class LeadsStandIn {
  readonly created: Array<{ scope: TenantScope; input: CreateLeadDto; callId: string | null }> = [];
  readonly onFile = new Map<string, string>();

  async saveFromCall(scope: TenantScope, input: CreateLeadDto, actor: Actor) {
    const callId = actor.kind === 'voice_agent' ? actor.callId : null;
    if (!E164.test(input.phone)) throw new Error(`not E.164: ${input.phone}`);
    const stored = { ...input };
    this.created.push({ scope, input: stored, callId });
    const existing = this.onFile.get(stored.phone);
    return { lead: { id: existing ?? `lead-${this.created.length}`, ...stored }, updated: existing !== undefined };
  }
}

/** Tenants by platform id, with the settings the handler reads (others: the defaults). */
const TENANTS: Record<string, Partial<Tenant>> = {
  'agencia-madrid': { defaultCountry: 'ES', language: 'es' },
};

describe('CreateLeadHandler (through ToolDispatcherService)', () => {
  let leads: LeadsStandIn;
  let rows: ToolCallRecord[];
  let dispatcher: UnitDispatcher;

  const dispatch = (args: Record<string, unknown>, extra: Partial<ToolCallDto> = {}) =>
    dispatcher.dispatch(Object.assign(new ToolCallDto(), { function: 'create_lead', args, ...extra }));

  beforeEach(async () => {
    const phones = new PhoneNumbersService(new ConfigService({ DEFAULT_COUNTRY: 'US' }));
    leads = new LeadsStandIn();
    rows = [];
    // Nest builds the handler, so the spec does not depend on its constructor's exact parameters.
    const moduleRef = await Test.createTestingModule({
      providers: [
        CreateLeadHandler,
        { provide: LeadsService, useValue: leads },
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
        defaultCountry: 'US',
        language: 'en',
        ...TENANTS[platformTenantId],
      }),
    } as unknown as TenantsService;
    dispatcher = unitDispatcher([moduleRef.get(CreateLeadHandler)], toolCalls, tenants);
  });

  it.each<[string, unknown]>([
    ['(786) 555-0198', '(786) 555-0198'],
    ['786.555.0198', '786.555.0198'],
    ['+1 786 555 0198', '+1 786 555 0198'],
    ['the number 7865550198', 7865550198],
  ])('stores the phone %s as +17865550198', async (_label, phone) => {
    const reply = await dispatch({ first_name: 'Ana', phone });

    expect(reply.body.status).toBe('created');
    expect(leads.created).toHaveLength(1);
    expect(leads.created[0].input.phone).toBe('+17865550198');
  });

  it.each(['555', 'not a number', '(123) 456-7890'])(
    'asks for a valid phone number and creates nothing for %p',
    async (phone) => {
      const reply = await dispatch({ first_name: 'Ana', phone });

      expect(reply.httpStatus).toBe(200);
      expect(reply.body).toEqual({ status: 'error', message: Spoken.invalidPhone });
      expect(reply.body.message).toContain('valid phone number');
      expect(leads.created).toHaveLength(0);
    },
  );

  it('answers "created" with the lead id and the caller\'s first name', async () => {
    const reply = await dispatch({ first_name: 'Ana', phone: '7865550198' });

    expect(reply).toEqual({
      httpStatus: 200,
      body: { status: 'created', message: Spoken.leadCreated('Ana'), lead_id: 'lead-1' },
    });
    expect(reply.body.message).toContain('Ana');
    expect(reply.body.message).not.toContain('lead-1');
  });

  it('hands every field, the call id and the tenant to the service', async () => {
    await dispatch(
      {
        first_name: ' Ana ',
        last_name: 'García',
        phone: '7865550198',
        email: 'ana@example.com',
        company: 'Sunshine Bakery',
        interest: 'auto insurance',
        notes: 'two cars',
        source: 'radio ad',
        favourite_color: 'blue',
      },
      { call_id: 'call-3', tenant_id: 'agency-9' },
    );

    expect(leads.created).toEqual([
      {
        scope: { tenantId: 'agency-9' },
        callId: 'call-3',
        input: {
          firstName: 'Ana',
          lastName: 'García',
          phone: '+17865550198',
          email: 'ana@example.com',
          company: 'Sunshine Bakery',
          interest: 'auto insurance',
          notes: 'two cars',
          source: 'radio ad',
        },
      },
    ]);
  });

  it('marks the lead as coming from the voice agent when no source is given', async () => {
    await dispatch({ first_name: 'Ana', phone: '7865550198' });
    expect(leads.created[0].input.source).toBe('voice_agent');
    expect(leads.created[0].callId).toBeNull();
    expect(leads.created[0].scope).toEqual({ tenantId: null });
  });

  it.each([
    ['a spelled-out address', 'ana at example dot com', 'ana@example.com'],
    [
      'a spelled-out address with a dotted domain',
      'ana dot perez at mail dot example dot org',
      'ana.perez@mail.example.org',
    ],
    ['mixed case and spaces', ' Ana@Example.COM ', 'ana@example.com'],
  ])('understands %s', async (_label, email, expected) => {
    const reply = await dispatch({ first_name: 'Ana', phone: '7865550198', email });
    expect(reply.body.status).toBe('created');
    expect(leads.created[0].input.email).toBe(expected);
  });

  it.each<[string, unknown]>([
    ['words', 'not an email'],
    ['a half address', 'ana at'],
    ['a number', 12345],
  ])('still creates the lead, without the email, when the email is %s', async (_label, email) => {
    const reply = await dispatch({ first_name: 'Ana', phone: '7865550198', email });

    expect(reply.body.status).toBe('created');
    expect(reply.body.lead_id).toBe('lead-1');
    expect(leads.created).toHaveLength(1);
    expect(leads.created[0].input.email).toBeUndefined();
    expect(rows[0].args).toMatchObject({ email });
  });

  it('asks for the first name when it is missing, and creates nothing', async () => {
    const reply = await dispatch({ phone: '7865550198', last_name: 'García' });
    expect(reply.body).toEqual({ status: 'error', message: 'Could you tell me your first name?' });
    expect(leads.created).toHaveLength(0);
  });

  it('asks for the name and the number when both are missing', async () => {
    const reply = await dispatch({ interest: 'home insurance' });
    expect(reply.body).toEqual({
      status: 'error',
      message: 'Could you tell me your first name and the best phone number to reach you?',
    });
  });

  it('says it did not catch a first name that is not text', async () => {
    const reply = await dispatch({ first_name: { given: 'Ana' }, phone: '7865550198' });
    expect(reply.body.status).toBe('error');
    expect(reply.body.message).toMatch(/^I didn't quite catch your first name\./);
    expect(leads.created).toHaveLength(0);
  });

  describe('phone numbers as callers say them', () => {
    it.each<[string, string, string]>([
      ['seven eight six, five five five, oh one nine eight', 'tenant-a', '+17865550198'],
      ['siete ocho seis cinco cinco cinco cero uno nueve ocho', 'tenant-a', '+17865550198'],
      ['plus one 786 double five five 0198', 'tenant-a', '+17865550198'],
      ['612 345 678', 'agencia-madrid', '+34612345678'],
      ['seis doce treinta y cuatro cincuenta y seis setenta y ocho', 'agencia-madrid', '+34612345678'],
      ['+1 786 555 0198', 'agencia-madrid', '+17865550198'],
    ])('stores %p in %s as %p', async (phone, tenantId, expected) => {
      const reply = await dispatch({ first_name: 'Ana', phone }, { tenant_id: tenantId });

      expect(reply.body.status).toBe('created');
      expect(leads.created[0].input.phone).toBe(expected);
    });

    it("asks again for a number that is not one in the tenant's country", async () => {
      const reply = await dispatch({ first_name: 'Ana', phone: '786 555 0198' }, { tenant_id: 'agencia-madrid' });

      expect(reply.body).toEqual({ status: 'error', message: spokenIn('es').invalidPhone });
      expect(leads.created).toHaveLength(0);
    });
  });

  describe('a returning caller', () => {
    it('is welcomed back, and the existing lead is the one answered', async () => {
      leads.onFile.set('+17865550198', 'lead-on-file');
      const reply = await dispatch(
        { first_name: 'Ana', phone: '(786) 555-0198', notes: 'wants a home insurance quote' },
        { call_id: 'call-7' },
      );

      expect(reply).toEqual({
        httpStatus: 200,
        body: { status: 'updated', message: Spoken.leadUpdated('Ana'), lead_id: 'lead-on-file' },
      });
      expect(reply.body.message).toBe(
        "Welcome back, Ana! I've updated your details, and someone from our team will be in touch soon.",
      );
    });

    it('is welcomed back in Spanish by a Spanish tenant', async () => {
      leads.onFile.set('+34612345678', 'lead-madrid');
      const reply = await dispatch({ first_name: 'Ana', phone: '612 345 678' }, { tenant_id: 'agencia-madrid' });

      expect(reply.body).toEqual({
        status: 'updated',
        message: spokenIn('es').leadUpdated('Ana'),
        lead_id: 'lead-madrid',
      });
      expect(reply.body.message).toMatch(/^¡Qué gusto saludarle de nuevo, Ana!/);
    });
  });
});
