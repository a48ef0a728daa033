import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';

import { UnitDispatcher, unitDispatcher } from '../../../test/support/unit-dispatcher';
import { PhoneNumbersService } from '../../common/phone/phone-numbers.service';
import type { TenantScope } from '../../common/tenancy/tenant-scope';
import type { PolicyLookup } from '../../policies/dto/policy-lookup';
import type { PolicyStanding } from '../../policies/dto/policy-standing';
import { PoliciesService } from '../../policies/policies.service';
import { POLICY_STATUSES, PolicyStatus } from '../../policies/policy.entity';
import type { Tenant } from '../../tenants/tenant.entity';
import type { TenantsService } from '../../tenants/tenants.service';
import type { ToolCallRecord } from '../../tool-calls/dto/tool-call-record';
import { ToolCallDto } from '../dto/tool-call.dto';
import { Spoken, spokenIn } from '../spoken/spoken-messages';
import { SpokenPhoneNumbersService } from '../understanding/spoken-phone-numbers.service';
import { CheckPolicyStatusHandler } from './check-policy-status.handler';

interface FoundPolicy {
  id: string;
  policyNumber: string;
  status: PolicyStatus;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  dateOfBirth: string | null;
  renewalDate: string | null;
}

/** Stands in for PoliciesService: remembers each lookup and answers the policy the test chose (or none). */
class PoliciesStandIn {
  readonly lookups: Array<{ scope: TenantScope; lookup: PolicyLookup }> = [];
  answer: FoundPolicy | null = null;

  async lookup(scope: TenantScope, lookup: PolicyLookup) {
    this.lookups.push({ scope, lookup });
    return this.answer;
  }

  /** The real rule of when a policy has ended, over the stand-in's lookup. */
  standing(...args: Parameters<PoliciesService['standing']>): Promise<PolicyStanding> {
    return PoliciesService.prototype.standing.apply(this as unknown as PoliciesService, args);
  }
}

const HOLDER: FoundPolicy = {
  id: '7d3c1a52-policy-row',
  policyNumber: 'POL-778899',
  status: 'active',
  firstName: 'Marisol',
  lastName: 'Quintanilla',
  phone: '+17865550198',
  dateOfBirth: '1985-03-15',
  renewalDate: null,
};

/** Tenants by platform id, with the settings the handler reads (others: the defaults). */
const TENANTS: Record<string, Partial<Tenant>> = {
  'strict-agency': { policyLookupRequiresMatch: true },
  'agencia-estricta': {
    policyLookupRequiresMatch: true,
    language: 'es',
    defaultCountry: 'ES',
    timezone: 'Europe/Madrid',
  },
  'agencia-madrid': { language: 'es', defaultCountry: 'ES', timezone: 'Europe/Madrid' },
};

describe('CheckPolicyStatusHandler (through ToolDispatcherService)', () => {
  let policies: PoliciesStandIn;
  let rows: ToolCallRecord[];
  let dispatcher: UnitDispatcher;

  const dispatch = (args: Record<string, unknown>, extra: Partial<ToolCallDto> = {}) =>
    dispatcher.dispatch(Object.assign(new ToolCallDto(), { function: 'check_policy_status', args, ...extra }));
  const lookup = () => {
    expect(policies.lookups).toHaveLength(1);
    return policies.lookups[0].lookup;
  };

  beforeEach(async () => {
    policies = new PoliciesStandIn();
    rows = [];
    const phones = new PhoneNumbersService(new ConfigService({ DEFAULT_COUNTRY: 'US' }));
    // Nest builds the handler, so the spec does not depend on its constructor's exact parameters.
    const moduleRef = await Test.createTestingModule({
      providers: [
        CheckPolicyStatusHandler,
        { provide: PoliciesService, useValue: policies },
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
        timezone: 'America/New_York',
        policyLookupRequiresMatch: false,
        ...TENANTS[platformTenantId],
      }),
    } as unknown as TenantsService;
    dispatcher = unitDispatcher([moduleRef.get(CheckPolicyStatusHandler)], toolCalls, tenants);
  });

  describe('what the lookup receives', () => {
    it("the policy number's keys, normalized phone, ISO date of birth and last name, in the call's tenant", async () => {
      await dispatch(
        {
          policy_number: ' POL-778899 ',
          phone: '(786) 555-0198',
          last_name: ' Quintanilla ',
          date_of_birth: 'March 15th, 1985',
          lookup_type: 'status',
        },
        { tenant_id: 'agency-7', call_id: 'call-1' },
      );

      expect(policies.lookups).toEqual([
        {
          scope: { tenantId: 'agency-7' },
          lookup: {
            policyKeys: ['POL778899'],
            phone: '+17865550198',
            lastName: 'Quintanilla',
            dateOfBirth: '1985-03-15',
          },
        },
      ]);
    });

    it('only the policy number when the caller gave nothing else', async () => {
      await dispatch({ policy_number: 'POL-778899' });
      expect(lookup()).toEqual({
        policyKeys: ['POL778899'],
        phone: undefined,
        lastName: undefined,
        dateOfBirth: undefined,
      });
    });

    it('a policy number said as a number, as its digits', async () => {
      await dispatch({ policy_number: 778899 });
      expect(lookup().policyKeys).toEqual(['778899']);
    });

    it.each<[string, unknown]>([
      ['(786) 555-0198', '(786) 555-0198'],
      ['786.555.0198', '786.555.0198'],
      ['+1 786 555 0198', '+1 786 555 0198'],
      ['the number 7865550198', 7865550198],
    ])('the phone %s as +17865550198', async (_label, phone) => {
      await dispatch({ policy_number: 'POL-778899', phone });
      expect(lookup().phone).toBe('+17865550198');
    });

    it.each([
      '1985-03-15',
      '3/15/1985',
      '03/15/1985',
      'March 15, 1985',
      'March 15th, 1985',
      'Mar 15 1985',
      'Friday, March 15, 1985',
    ])('the date of birth %p as 1985-03-15', async (dateOfBirth) => {
      await dispatch({ policy_number: 'POL-778899', date_of_birth: dateOfBirth });
      expect(lookup().dateOfBirth).toBe('1985-03-15');
    });
  });

  describe('holder facts that cannot be read', () => {
    it.each<[string, Record<string, unknown>]>([
      ['an unreadable phone', { phone: '555' }],
      ['a phone in words', { phone: 'my cell' }],
      ['an unreadable date of birth', { date_of_birth: 'sometime in spring' }],
      ['an impossible date of birth', { date_of_birth: 'February 30, 1985' }],
    ])('answer not_found, like an unknown number, without looking anything up (%s)', async (_label, facts) => {
      policies.answer = HOLDER;
      const reply = await dispatch({ policy_number: 'POL-778899', ...facts });

      expect(reply.httpStatus).toBe(200);
      expect(reply.body).toEqual({ status: 'not_found', message: Spoken.policyNotFound });
      expect(policies.lookups).toHaveLength(0);
    });
  });

  describe('the answer', () => {
    it.each(POLICY_STATUSES)('for a %s policy names the status, never the number or the holder', async (status) => {
      policies.answer = { ...HOLDER, status };
      const reply = await dispatch({ policy_number: 'POL-778899', last_name: 'Quintanilla' });

      expect(reply.httpStatus).toBe(200);
      expect(Object.keys(reply.body).sort()).toEqual(['message', 'status']);
      expect(reply.body.status).toBe('found');
      expect(reply.body.message).toBe(Spoken.policyFound(status, null));
      expect(reply.body.message).toContain(status);
      for (const secret of ['POL', '778899', 'Marisol', 'Quintanilla', '0198', '1985', HOLDER.id])
        expect(reply.body.message).not.toContain(secret);
    });

    it('gives the renewal date when the policy has one', async () => {
      const year = new Date().getUTCFullYear() + 3; // not this year, so the year is spoken
      policies.answer = { ...HOLDER, renewalDate: `${year}-01-31` };
      const reply = await dispatch({ policy_number: 'POL-778899' });

      expect(reply.body.status).toBe('found');
      expect(reply.body.message).toContain('active');
      expect(reply.body.message).toContain(`January 31, ${year}`);
      expect(reply.body.message).not.toContain(`${year}-01-31`);
    });

    it('is not_found when the lookup finds nothing', async () => {
      const reply = await dispatch({ policy_number: 'POL-000000', last_name: 'Nobody' });
      expect(reply).toEqual({ httpStatus: 200, body: { status: 'not_found', message: Spoken.policyNotFound } });
    });

    it('records the call without creating anything', async () => {
      policies.answer = HOLDER;
      await dispatch({ policy_number: 'POL-778899' }, { call_id: 'call-4' });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        function: 'check_policy_status',
        status: 'found',
        callId: 'call-4',
        httpStatus: 200,
      });
    });
  });

  describe('the policy number', () => {
    it('is asked for when missing', async () => {
      const reply = await dispatch({ last_name: 'Quintanilla' });
      expect(reply.body).toEqual({ status: 'error', message: 'Could you tell me your policy number?' });
      expect(policies.lookups).toHaveLength(0);
    });

    it.each<[string, unknown]>([
      ['only punctuation', '---'],
      ['an object', { number: 'POL-1' }],
      ['too long', 'P'.repeat(201)],
    ])('is asked for again when it is %s', async (_label, policyNumber) => {
      const reply = await dispatch({ policy_number: policyNumber });
      expect(reply.body).toEqual({
        status: 'error',
        message: "I didn't quite catch your policy number. Could you say that again?",
      });
      expect(policies.lookups).toHaveLength(0);
    });
  });

  describe('numbers said in words', () => {
    it('reads spoken letters and digits into the keys looked up, then the number as written', async () => {
      await dispatch({ policy_number: 'policy p o l dash seven seven eight' });
      expect(lookup().policyKeys).toEqual(['POL778', 'POLICYPOLDASHSEVENSEVENEIGHT']);
    });

    it.each<[string, string, string]>([
      ['seven eight six, five five five, oh one nine eight', 'tenant-a', '+17865550198'],
      ['612 345 678', 'agencia-madrid', '+34612345678'],
    ])("reads the phone %p in the tenant's country (%s)", async (phone, tenantId, expected) => {
      await dispatch({ policy_number: 'POL-778899', phone }, { tenant_id: tenantId });
      expect(lookup().phone).toBe(expected);
    });
  });

  describe('a tenant that requires the holder to be matched', () => {
    it('asks for the last name or date of birth before looking anything up', async () => {
      policies.answer = HOLDER;
      const reply = await dispatch({ policy_number: 'POL-778899' }, { tenant_id: 'strict-agency' });

      expect(reply).toEqual({ httpStatus: 200, body: { status: 'error', message: Spoken.policyVerificationNeeded } });
      expect(reply.body.message).toBe(
        "For your security, could you tell me the policy holder's last name or date of birth?",
      );
      expect(policies.lookups).toHaveLength(0);
    });

    it('asks the same whether or not the number exists', async () => {
      policies.answer = HOLDER;
      const known = await dispatch({ policy_number: 'POL-778899' }, { tenant_id: 'strict-agency' });
      policies.answer = null;
      const unknown = await dispatch({ policy_number: 'ZZ-404' }, { tenant_id: 'strict-agency' });
      expect(known).toEqual(unknown);
    });

    it('asks in Spanish for a Spanish tenant', async () => {
      const reply = await dispatch({ policy_number: 'POL-778899' }, { tenant_id: 'agencia-estricta' });
      expect(reply.body).toEqual({ status: 'error', message: spokenIn('es').policyVerificationNeeded });
    });

    it.each<[string, Record<string, unknown>]>([
      ['the last name', { last_name: 'Quintanilla' }],
      ['the date of birth', { date_of_birth: '3/15/1985' }],
      ['the phone', { phone: '786 555 0198' }],
    ])('looks it up once the caller gives %s', async (_label, facts) => {
      policies.answer = HOLDER;
      const reply = await dispatch({ policy_number: 'POL-778899', ...facts }, { tenant_id: 'strict-agency' });
      expect(reply.body.status).toBe('found');
      expect(policies.lookups).toHaveLength(1);
    });

    it('answers a mismatch like an unknown number', async () => {
      const reply = await dispatch({ policy_number: 'POL-778899', last_name: 'Smith' }, { tenant_id: 'strict-agency' });
      expect(reply.body).toEqual({ status: 'not_found', message: Spoken.policyNotFound });
    });

    it('does not ask when the tenant does not require it', async () => {
      policies.answer = HOLDER;
      const reply = await dispatch({ policy_number: 'POL-778899' }, { tenant_id: 'tenant-a' });
      expect(reply.body.status).toBe('found');
    });
  });

  describe('a policy that is over', () => {
    const past = '2020-01-31';
    const future = `${new Date().getUTCFullYear() + 2}-01-31`;

    it.each<[PolicyStatus, string, RegExp]>([
      ['expired', past, /^I found your policy\. It expired on Friday, January 31, 2020\.$/],
      ['lapsed', past, /^I found your policy\. It lapsed on Friday, January 31, 2020\.$/],
      ['cancelled', past, /^I found your policy\. It was cancelled, and it ended on Friday, January 31, 2020\.$/],
      [
        'cancelled',
        future,
        /^I found your policy\. It's currently cancelled, and it ends on \w+day, January 31, \d{4}\.$/,
      ],
    ])('%s with the date %s says when it ended or ends', async (status, renewalDate, sentence) => {
      policies.answer = { ...HOLDER, status, renewalDate };
      const reply = await dispatch({ policy_number: 'POL-778899' });
      expect(reply.body.status).toBe('found');
      expect(reply.body.message).toMatch(sentence);
    });

    it('says it in Spanish for a Spanish tenant', async () => {
      policies.answer = { ...HOLDER, status: 'expired', renewalDate: past };
      const expired = await dispatch({ policy_number: 'POL-778899' }, { tenant_id: 'agencia-madrid' });
      expect(expired.body.message).toBe('Encontré su póliza. Expiró el viernes 31 de enero de 2020.');
      policies.answer = { ...HOLDER, status: 'cancelled', renewalDate: past };
      const cancelled = await dispatch({ policy_number: 'POL-778899' }, { tenant_id: 'agencia-madrid' });
      expect(cancelled.body.message).toBe(
        'Encontré su póliza. Está cancelada y terminó el viernes 31 de enero de 2020.',
      );
    });

    it('keeps the renewal wording for a policy that renews', async () => {
      policies.answer = { ...HOLDER, status: 'active', renewalDate: future };
      const reply = await dispatch({ policy_number: 'POL-778899' });
      expect(reply.body.message).toMatch(/with its renewal date on/);
    });

    it('says only the status when there is no date', async () => {
      policies.answer = { ...HOLDER, status: 'expired', renewalDate: null };
      const reply = await dispatch({ policy_number: 'POL-778899' });
      expect(reply.body.message).toBe(Spoken.policyFound('expired', null));
    });
  });
});
