import { ForbiddenException, Logger } from '@nestjs/common';

import { UnitDispatcher, unitDispatcher } from '../../test/support/unit-dispatcher';
import { DomainException, InvalidValueReason } from '../common/errors/domain.exception';
import { PendingWrites } from '../database/pending-writes';
import { Tenant } from '../tenants/tenant.entity';
import { ToolCallRecord } from '../tool-calls/dto/tool-call-record';
import { ToolCallDto } from './dto/tool-call.dto';
import { Spoken } from './spoken/spoken-messages';
import { describeError } from './tool-dispatcher.service';
import { ToolContext, ToolHandler, ToolOutcome } from './tool-handler';
import { LeaveMessageArgsDto } from './understanding/dto/leave-message-args.dto';
import { ScheduleAppointmentArgsDto } from './understanding/dto/schedule-appointment-args.dto';
import { SendSmsArgsDto } from './understanding/dto/send-sms-args.dto';

/** A real ToolHandler whose answer the test chooses, remembering what it was handed. */
class RecordingHandler<Args extends object> implements ToolHandler<Args> {
  readonly calls: Array<{ args: Args; context: ToolContext }> = [];
  readonly description = 'A tool under test.';

  constructor(
    readonly name: string,
    readonly argsType: new () => Args,
    private readonly answer: (args: Args) => ToolOutcome | Promise<ToolOutcome> = () => ({
      status: 'sent',
      message: 'Done.',
    }),
  ) {}

  async handle(args: Args, context: ToolContext): Promise<ToolOutcome> {
    this.calls.push({ args, context });
    return await this.answer(args);
  }
}

class RecordingToolCalls {
  readonly rows: ToolCallRecord[] = [];
  readonly lateOutcomes: Array<{ id: string; outcome: string }> = [];
  failWith: Error | null = null;

  noteLateOutcome(id: string, outcome: string): Promise<void> {
    this.lateOutcomes.push({ id, outcome });
    return Promise.resolve();
  }

  /** As ToolCallsService: with a unit of work, the row is kept only once that commits. */
  record(entry: ToolCallRecord, writes?: PendingWrites): Promise<void> {
    if (this.failWith) return Promise.reject(this.failWith);
    if (writes) writes.afterCommit(() => this.rows.push(entry));
    else this.rows.push(entry);
    return Promise.resolve();
  }
}

/** Stands in for TenantsService.resolveForCall: a tenant per platform id, made on first use. */
class RecordingTenants {
  readonly resolved: string[] = [];
  readonly known = new Map<string, Tenant>();
  failWith: Error | null = null;

  resolveForCall(platformTenantId: string): Promise<Tenant> {
    this.resolved.push(platformTenantId);
    if (this.failWith) return Promise.reject(this.failWith);
    let tenant = this.known.get(platformTenantId);
    if (!tenant) {
      tenant = Object.assign(new Tenant(), {
        id: `tenant-${this.known.size + 1}`,
        platformTenantId,
        name: platformTenantId,
        timezone: 'UTC',
        language: 'en',
        defaultCountry: 'US',
      });
      this.known.set(platformTenantId, tenant);
    }
    return Promise.resolve(tenant);
  }
}

function envelope(fn: string, args: Record<string, unknown>, extra: Partial<ToolCallDto> = {}): ToolCallDto {
  return Object.assign(new ToolCallDto(), { function: fn, args, ...extra });
}

/** A handler that gathers one write in the call's unit of work, then answers or fails. */
class GatheringHandler implements ToolHandler<SendSmsArgsDto> {
  readonly name = 'gathering_tool';
  readonly description = 'A tool under test that writes.';
  readonly argsType = SendSmsArgsDto;

  constructor(private readonly fails = false) {}

  handle(_args: SendSmsArgsDto, context: ToolContext): Promise<ToolOutcome> {
    context.writes.add({ sql: 'the tool write', parameters: [] });
    if (this.fails) return Promise.reject(new Error('the tool broke after writing'));
    return Promise.resolve({ status: 'created', message: 'Made it.' });
  }
}

/** Commits units of work by remembering their statements; can fail, or hold a commit until told. */
class RecordingDatabase {
  readonly committed: string[][] = [];
  failWith: Error | null = null;
  hold: Promise<void> | null = null;

  pendingWrites(): PendingWrites {
    return new PendingWrites(async (statements) => {
      if (this.hold) await this.hold;
      if (this.failWith) throw this.failWith;
      this.committed.push(statements.map((statement) => statement.sql));
    });
  }
}

const SECRET_FAILURE = 'connect ECONNREFUSED 10.0.0.7:5432 password=hunter2';

describe('ToolDispatcherService', () => {
  let sms: RecordingHandler<SendSmsArgsDto>;
  let message: RecordingHandler<LeaveMessageArgsDto>;
  let appointment: RecordingHandler<ScheduleAppointmentArgsDto>;
  let broken: RecordingHandler<SendSmsArgsDto>;
  let toolCalls: RecordingToolCalls;
  let tenants: RecordingTenants;
  let dispatcher: UnitDispatcher;
  const newDispatcher = (handlers: ToolHandler[], deadlineMs?: number) =>
    unitDispatcher(handlers, toolCalls, tenants, deadlineMs);

  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(() => {
    sms = new RecordingHandler('send_sms', SendSmsArgsDto, () => ({
      status: 'sent',
      message: 'Sent it.',
      ids: { sms_id: 'sms-1' },
    }));
    message = new RecordingHandler('leave_message', LeaveMessageArgsDto, () => ({
      status: 'saved',
      message: 'Saved it.',
    }));
    appointment = new RecordingHandler('schedule_appointment', ScheduleAppointmentArgsDto, () => ({
      status: 'scheduled',
      message: 'Booked.',
    }));
    broken = new RecordingHandler('broken_tool', SendSmsArgsDto, () => {
      throw new Error(SECRET_FAILURE);
    });
    toolCalls = new RecordingToolCalls();
    tenants = new RecordingTenants();
    dispatcher = newDispatcher([sms, message, appointment, broken]);
  });

  describe('a valid call', () => {
    it('runs the handler and answers its outcome with HTTP 200 and the ids in the body', async () => {
      const reply = await dispatcher.dispatch(
        envelope(
          'send_sms',
          { to_phone: '7865550198', message: 'Our address is 1 Main St' },
          { call_id: 'call-9', tenant_id: 't-1' },
        ),
      );

      expect(reply).toEqual({ httpStatus: 200, body: { status: 'sent', message: 'Sent it.', sms_id: 'sms-1' } });
      expect(sms.calls).toHaveLength(1);
      expect(sms.calls[0].args).toBeInstanceOf(SendSmsArgsDto);
      expect(sms.calls[0].args).toMatchObject({ to_phone: '7865550198', message: 'Our address is 1 Main St' });
      expect(sms.calls[0].context).toEqual({
        callId: 'call-9',
        tenantId: 't-1',
        tenant: tenants.known.get('t-1'),
        scope: { tenantId: 't-1' },
        language: 'en',
        writes: expect.any(PendingWrites),
      });
      expect(sms.calls[0].context.tenant).toMatchObject({ platformTenantId: 't-1' });
    });

    it('passes null call and tenant to the handler when the envelope has none', async () => {
      await dispatcher.dispatch(envelope('send_sms', { to_phone: '7865550198', message: 'hi' }));
      expect(sms.calls[0].context).toEqual({
        callId: null,
        tenantId: null,
        tenant: null,
        scope: { tenantId: null },
        language: 'en',
        writes: expect.any(PendingWrites),
      });
      expect(tenants.resolved).toEqual([]);
    });

    it('records the call with its answer, call, tenant and no error', async () => {
      const args = { to_phone: '7865550198', message: 'hi' };
      await dispatcher.dispatch(envelope('send_sms', args, { call_id: 'call-9', tenant_id: 't-1' }));

      expect(toolCalls.rows).toHaveLength(1);
      expect(toolCalls.rows[0]).toMatchObject({
        function: 'send_sms',
        args,
        callId: 'call-9',
        tenantId: 't-1',
        status: 'sent',
        message: 'Sent it.',
        httpStatus: 200,
        error: null,
      });
    });

    it('records the args exactly as sent, unknown fields included, while the handler ignores them', async () => {
      const args = { to_phone: '  (786) 555-0198 ', message: 'hi', sentiment: 'happy', nested: { a: 1 } };
      await dispatcher.dispatch(envelope('send_sms', args));

      expect(toolCalls.rows[0].args).toEqual({
        to_phone: '  (786) 555-0198 ',
        message: 'hi',
        sentiment: 'happy',
        nested: { a: 1 },
      });
      expect(sms.calls[0].args.to_phone).toBe('(786) 555-0198');
    });

    it('records a non-negative whole number of milliseconds', async () => {
      await dispatcher.dispatch(envelope('send_sms', { to_phone: '7865550198', message: 'hi' }));
      await dispatcher.dispatch(envelope('nope', {}));
      await dispatcher.dispatch(envelope('broken_tool', { to_phone: '7865550198', message: 'hi' }));

      expect(toolCalls.rows).toHaveLength(3);
      for (const row of toolCalls.rows) {
        expect(Number.isInteger(row.durationMs)).toBe(true);
        expect(row.durationMs).toBeGreaterThanOrEqual(0);
      }
    });
  });

  describe('the tenant of the call', () => {
    it('resolves the tenant the body names before the tool runs, and hands it to the handler', async () => {
      await dispatcher.dispatch(
        envelope('send_sms', { to_phone: '7865550198', message: 'hi' }, { tenant_id: 'brand-new' }),
      );

      expect(tenants.resolved).toEqual(['brand-new']);
      expect(sms.calls[0].context.tenant).toBe(tenants.known.get('brand-new'));
      expect(sms.calls[0].context.scope).toEqual({ tenantId: 'brand-new' });
    });

    it('resolves the tenant for a call to an unknown function too (the note is kept in it)', async () => {
      const reply = await dispatcher.dispatch(envelope('transfer_call', {}, { tenant_id: 't-9' }));
      expect(reply.body.status).toBe('noted');
      expect(tenants.resolved).toEqual(['t-9']);
      expect(toolCalls.rows[0].tenantId).toBe('t-9');
    });

    it("acts in a tenant key's tenant when the body names none", async () => {
      await dispatcher.dispatch(envelope('send_sms', { to_phone: '7865550198', message: 'hi' }, { call_id: 'c-1' }), {
        kind: 'tenant',
        tenantId: 'agency-3',
        keyId: 'key-1',
      });

      expect(sms.calls[0].context).toMatchObject({
        callId: 'c-1',
        tenantId: 'agency-3',
        scope: { tenantId: 'agency-3' },
      });
      expect(sms.calls[0].context.tenant).toMatchObject({ platformTenantId: 'agency-3' });
      expect(toolCalls.rows[0]).toMatchObject({ callId: 'c-1', tenantId: 'agency-3', status: 'sent' });
    });

    it("acts in a tenant key's tenant when the body names the same one", async () => {
      await dispatcher.dispatch(
        envelope('send_sms', { to_phone: '7865550198', message: 'hi' }, { tenant_id: 'agency-3' }),
        {
          kind: 'tenant',
          tenantId: 'agency-3',
          keyId: 'key-1',
        },
      );
      expect(sms.calls[0].context.scope).toEqual({ tenantId: 'agency-3' });
    });

    it("refuses a tenant key's call naming another tenant with 403, running and writing nothing", async () => {
      const call = envelope('send_sms', { to_phone: '7865550198', message: 'hi' }, { tenant_id: 'agency-4' });
      await expect(
        dispatcher.dispatch(call, { kind: 'tenant', tenantId: 'agency-3', keyId: 'key-1' }),
      ).rejects.toBeInstanceOf(ForbiddenException);

      expect(sms.calls).toHaveLength(0);
      expect(toolCalls.rows).toHaveLength(0);
      expect(tenants.resolved).toEqual([]);
    });

    it('answers the graceful 500 and still logs the call when the tenant cannot be resolved', async () => {
      tenants.failWith = new Error('connection refused');
      const reply = await dispatcher.dispatch(
        envelope('send_sms', { to_phone: '7865550198', message: 'hi' }, { tenant_id: 't-1', call_id: 'c-2' }),
      );

      expect(reply).toEqual({ httpStatus: 500, body: { status: 'error', message: Spoken.unexpected } });
      expect(sms.calls).toHaveLength(0);
      expect(toolCalls.rows).toHaveLength(1);
      expect(toolCalls.rows[0]).toMatchObject({
        callId: 'c-2',
        tenantId: 't-1',
        httpStatus: 500,
        error: 'Error: connection refused',
      });
    });
  });

  describe('an unknown function', () => {
    it('answers "noted" with HTTP 200 and records the function name for staff', async () => {
      const reply = await dispatcher.dispatch(
        envelope('transfer_call', { department: 'billing' }, { call_id: 'call-2' }),
      );

      expect(reply).toEqual({ httpStatus: 200, body: { status: 'noted', message: Spoken.noted } });
      expect(toolCalls.rows).toHaveLength(1);
      expect(toolCalls.rows[0]).toMatchObject({
        function: 'transfer_call',
        args: { department: 'billing' },
        callId: 'call-2',
        status: 'noted',
        httpStatus: 200,
        message: Spoken.noted,
      });
      expect(toolCalls.rows[0].error).toContain('transfer_call');
    });

    it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
      'treats the Object member name "%s" as unknown',
      async (name) => {
        const reply = await dispatcher.dispatch(envelope(name, {}));
        expect(reply.httpStatus).toBe(200);
        expect(reply.body.status).toBe('noted');
      },
    );
  });

  describe('missing required args', () => {
    it('asks only for the phone number when send_sms has no to_phone', async () => {
      const reply = await dispatcher.dispatch(envelope('send_sms', { message: 'Our address is 1 Main St' }));

      expect(reply.httpStatus).toBe(200);
      expect(reply.body.status).toBe('error');
      expect(reply.body.message).toBe('Could you tell me the phone number to text?');
      expect(reply.body.message).not.toContain('what the text message should say');
      expect(sms.calls).toHaveLength(0);
    });

    it('asks only for the message when send_sms has no message', async () => {
      const reply = await dispatcher.dispatch(envelope('send_sms', { to_phone: '7865550198' }));
      expect(reply.body).toEqual({ status: 'error', message: 'Could you tell me what the text message should say?' });
    });

    it('names both when both are missing', async () => {
      const reply = await dispatcher.dispatch(envelope('send_sms', {}));
      expect(reply.body.status).toBe('error');
      expect(reply.body.message).toBe(
        'Could you tell me the phone number to text and what the text message should say?',
      );
    });

    it('names every missing arg of a four-arg tool in one question', async () => {
      const reply = await dispatcher.dispatch(envelope('schedule_appointment', { notes: 'first visit' }));
      expect(reply.body.message).toBe(
        'Could you tell me your name, the best phone number to reach you, which day you would like and what the appointment is for?',
      );
      expect(appointment.calls).toHaveLength(0);
    });

    it.each([
      ['an empty string', ''],
      ['only white space', '   \n\t '],
    ])('counts %s as missing', async (_label, value) => {
      const reply = await dispatcher.dispatch(envelope('send_sms', { to_phone: value, message: 'hi' }));
      expect(reply.body).toEqual({ status: 'error', message: 'Could you tell me the phone number to text?' });
    });

    it('records the refused call with the names of the bad args', async () => {
      await dispatcher.dispatch(envelope('send_sms', { message: 'hi' }, { call_id: 'c-1' }));
      expect(toolCalls.rows).toHaveLength(1);
      expect(toolCalls.rows[0]).toMatchObject({
        function: 'send_sms',
        status: 'error',
        httpStatus: 200,
        callId: 'c-1',
        args: { message: 'hi' },
      });
      expect(toolCalls.rows[0].error).toContain('to_phone');
      expect(toolCalls.rows[0].error).not.toMatch(/\bmessage\b/);
    });
  });

  describe('present but unusable required args', () => {
    it.each([
      ['an object', { text: 'hi' }],
      ['an array', ['hi', 'there']],
      ['a boolean', true],
      ['a string over the limit', 'x'.repeat(1601)],
    ])('says it did not catch the message when it is %s', async (_label, value) => {
      const reply = await dispatcher.dispatch(envelope('send_sms', { to_phone: '7865550198', message: value }));

      expect(reply.httpStatus).toBe(200);
      expect(reply.body.status).toBe('error');
      expect(reply.body.message).toBe(
        "I didn't quite catch what the text message should say. Could you say that again?",
      );
      expect(sms.calls).toHaveLength(0);
    });

    it('accepts a number as the message (its digits)', async () => {
      const reply = await dispatcher.dispatch(envelope('send_sms', { to_phone: 7865550198, message: 42 }));
      expect(reply.body.status).toBe('sent');
      expect(sms.calls[0].args).toMatchObject({ to_phone: '7865550198', message: '42' });
    });

    it('names both unusable args in one question', async () => {
      const reply = await dispatcher.dispatch(envelope('send_sms', { to_phone: { n: 1 }, message: [] }));
      expect(reply.body.message).toBe(
        "I didn't quite catch the phone number to text and what the text message should say. Could you say that again?",
      );
    });
  });

  describe('unusable optional args', () => {
    it.each([
      ['an object', { text: 'hi' }],
      ['an array', ['x']],
      ['a string over the limit', 'x'.repeat(201)],
    ])('leaves caller_name out when it is %s, still sends, and notes it for staff', async (_label, value) => {
      const reply = await dispatcher.dispatch(
        envelope('send_sms', { to_phone: '7865550198', message: 'Hi', caller_name: value }, { call_id: 'c-opt' }),
      );
      expect(reply.body.status).toBe('sent');
      expect(sms.calls).toHaveLength(1);
      expect(sms.calls[0].args.caller_name).toBeUndefined();
      expect(toolCalls.rows[0]).toMatchObject({
        status: 'sent',
        error: 'ignored unusable args: caller_name',
        args: { caller_name: value },
      });
    });

    it('treats a required arg sent as null as missing', async () => {
      const reply = await dispatcher.dispatch(envelope('send_sms', { to_phone: null, message: 'Hi' }));
      expect(reply.body.message).toBe('Could you tell me the phone number to text?');
    });
  });

  describe('a handler that throws', () => {
    it('answers HTTP 500 with a graceful spoken message and no error text', async () => {
      const reply = await dispatcher.dispatch(
        envelope('broken_tool', { to_phone: '7865550198', message: 'hi' }, { call_id: 'c-5' }),
      );

      expect(reply.httpStatus).toBe(500);
      expect(reply.body).toEqual({ status: 'error', message: Spoken.unexpected });
      expect(reply.body.message).not.toMatch(/ECONNREFUSED|hunter2|Error|5432/);
    });

    it('records the internal error for staff', async () => {
      await dispatcher.dispatch(envelope('broken_tool', { to_phone: '7865550198', message: 'hi' }, { call_id: 'c-5' }));

      expect(toolCalls.rows).toHaveLength(1);
      expect(toolCalls.rows[0]).toMatchObject({
        function: 'broken_tool',
        status: 'error',
        httpStatus: 500,
        callId: 'c-5',
        message: Spoken.unexpected,
      });
      expect(toolCalls.rows[0].error).toBe(`Error: ${SECRET_FAILURE}`);
    });

    it('records a thrown non-Error value as text', async () => {
      const throwsString = new RecordingHandler('throws_string', SendSmsArgsDto, () => {
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- a tool may throw anything: that is the case here
        throw 'plain string failure';
      });
      const local = newDispatcher([throwsString]);
      const reply = await local.dispatch(envelope('throws_string', { to_phone: '7865550198', message: 'hi' }));

      expect(reply).toEqual({ httpStatus: 500, body: { status: 'error', message: Spoken.unexpected } });
      expect(toolCalls.rows[0].error).toBe('plain string failure');
    });
  });

  describe('a handler whose domain service refuses a value the caller gave', () => {
    const refusing = (error: unknown) =>
      newDispatcher([
        new RecordingHandler('refusing_tool', SendSmsArgsDto, () => {
          throw error;
        }),
      ]);
    const validArgs = { to_phone: '7865550198', message: 'hi' };

    it.each<[string, InvalidValueReason | undefined, string]>([
      ['toPhone', 'phone', Spoken.invalidPhone],
      ['callerPhone', 'phone', Spoken.invalidPhone],
      ['phone', 'phone', Spoken.invalidPhone],
      ['date', 'past_date', Spoken.pastDate],
      ['date', 'impossible_date', Spoken.pastDate],
      ['time', 'past_time', Spoken.pastTime],
      ['durationMinutes', undefined, Spoken.badRequest],
    ])(
      'asks the caller again (HTTP 200) when the field "%s" is refused for the reason %p',
      async (field, reason, expected) => {
        const reply = await refusing(DomainException.invalid(field, `${field} is not usable`, reason)).dispatch(
          envelope('refusing_tool', validArgs),
        );

        expect(reply).toEqual({ httpStatus: 200, body: { status: 'error', message: expected } });
        expect(toolCalls.rows[0]).toMatchObject({ status: 'error', httpStatus: 200, error: `${field} is not usable` });
      },
    );

    it('answers the graceful 500 for a domain failure that is not about a value the caller gave', async () => {
      const reply = await refusing(DomainException.notFound('Tenant')).dispatch(envelope('refusing_tool', validArgs));
      expect(reply).toEqual({ httpStatus: 500, body: { status: 'error', message: Spoken.unexpected } });
    });
  });

  describe('a tool-call log that cannot be written', () => {
    it('still gives the caller the same answer', async () => {
      toolCalls.failWith = new Error('SQLITE_BUSY: database is locked');

      const ok = await dispatcher.dispatch(envelope('send_sms', { to_phone: '7865550198', message: 'hi' }));
      const failed = await dispatcher.dispatch(envelope('broken_tool', { to_phone: '7865550198', message: 'hi' }));
      const asked = await dispatcher.dispatch(envelope('send_sms', {}));

      expect(ok).toEqual({ httpStatus: 200, body: { status: 'sent', message: 'Sent it.', sms_id: 'sms-1' } });
      expect(failed).toEqual({ httpStatus: 500, body: { status: 'error', message: Spoken.unexpected } });
      expect(asked.body.status).toBe('error');
      expect(asked.body.message).toBe(
        'Could you tell me the phone number to text and what the text message should say?',
      );
    });
  });

  describe('hostile keys in args', () => {
    afterEach(() => {
      // Undo any pollution so that one failure does not cascade through the suite.
      for (const key of ['polluted', 'isAdmin']) delete (Object.prototype as Record<string, unknown>)[key];
    });

    it('does not pollute Object.prototype through __proto__, constructor or prototype keys', async () => {
      const args = JSON.parse(
        '{"to_phone":"7865550198","message":"hi","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"isAdmin":true}},"prototype":{"polluted":"yes"}}',
      ) as Record<string, unknown>;

      const reply = await dispatcher.dispatch(envelope('send_sms', args));

      expect(reply.httpStatus).toBe(200);
      expect(reply.body.status).toBe('sent');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
      const handed = sms.calls[0].args as unknown as Record<string, unknown>;
      expect(Object.getPrototypeOf(handed)).toBe(SendSmsArgsDto.prototype);
      expect(handed.polluted).toBeUndefined();
      expect(handed.isAdmin).toBeUndefined();
      expect(Object.keys(handed)).not.toContain('__proto__');
    });

    it('answers normally when a required arg hides behind __proto__', async () => {
      const args = JSON.parse('{"__proto__":{"to_phone":"7865550198","message":"hi"}}') as Record<string, unknown>;
      const reply = await dispatcher.dispatch(envelope('send_sms', args));

      expect(reply.httpStatus).toBe(200);
      expect(reply.body).toEqual({
        status: 'error',
        message: 'Could you tell me the phone number to text and what the text message should say?',
      });
      expect(sms.calls).toHaveLength(0);
    });

    it('keeps the hostile keys in the tool-call log as sent', async () => {
      const args = JSON.parse('{"to_phone":"7865550198","message":"hi","constructor":"x"}') as Record<string, unknown>;
      await dispatcher.dispatch(envelope('send_sms', args));
      expect(Object.keys(toolCalls.rows[0].args ?? {})).toEqual(['to_phone', 'message', 'constructor']);
    });
  });

  describe("the call's one commit", () => {
    const gatheringArgs = { to_phone: '7865550198', message: 'hi' };
    let database: RecordingDatabase;
    const withDatabase = (handler: ToolHandler, deadlineMs?: number) =>
      unitDispatcher([handler], toolCalls, tenants, deadlineMs, database);

    beforeEach(() => {
      database = new RecordingDatabase();
    });

    it('commits what the tool gathered once, before answering', async () => {
      const reply = await withDatabase(new GatheringHandler()).dispatch(envelope('gathering_tool', gatheringArgs));

      expect(reply).toEqual({ httpStatus: 200, body: { status: 'created', message: 'Made it.' } });
      expect(database.committed).toEqual([['the tool write']]);
      expect(toolCalls.rows).toEqual([expect.objectContaining({ status: 'created', httpStatus: 200 })]);
    });

    it('drops what a tool gathered before it failed', async () => {
      const reply = await withDatabase(new GatheringHandler(true)).dispatch(
        envelope('gathering_tool', gatheringArgs, { call_id: 'call-broken' }),
      );

      expect(reply).toEqual({ httpStatus: 500, body: { status: 'error', message: Spoken.unexpected } });
      expect(database.committed.flat()).not.toContain('the tool write');
      expect(toolCalls.rows).toEqual([
        expect.objectContaining({ status: 'error', error: 'Error: the tool broke after writing' }),
      ]);
    });

    it('answers a commit that fails as an unexpected failure, and logs that instead', async () => {
      database.failWith = new Error('SQLITE_BUSY: database is locked');

      const reply = await withDatabase(new GatheringHandler()).dispatch(envelope('gathering_tool', gatheringArgs));

      expect(reply).toEqual({ httpStatus: 500, body: { status: 'error', message: Spoken.unexpected } });
      expect(toolCalls.rows).toEqual([
        expect.objectContaining({ status: 'error', httpStatus: 500, error: 'Error: SQLITE_BUSY: database is locked' }),
      ]);
    });

    it('answers "still working" when the commit outlives the deadline, and notes it once it is written', async () => {
      let release!: () => void;
      database.hold = new Promise<void>((resolve) => (release = resolve));

      const reply = await withDatabase(new GatheringHandler(), 400).dispatch(
        envelope('gathering_tool', gatheringArgs, { call_id: 'call-slow-commit' }),
      );

      expect(reply).toEqual({ httpStatus: 200, body: { status: 'noted', message: Spoken.stillWorking } });
      expect(toolCalls.lateOutcomes).toEqual([]);
      release();
      await new Promise((resolve) => setImmediate(resolve));
      expect(database.committed).toEqual([['the tool write']]);
      expect(toolCalls.lateOutcomes).toEqual([
        { id: toolCalls.rows[0].id, outcome: 'its commit outlived the deadline: the caller heard "still working"' },
      ]);
    });
  });

  describe('the deadline', () => {
    it('answers "still working" when a tool outlives WEBHOOK_DEADLINE_MS, and notes how it ended', async () => {
      let finish!: () => void;
      const slow = new RecordingHandler(
        'send_sms',
        SendSmsArgsDto,
        () =>
          new Promise<ToolOutcome>(
            (resolve) => (finish = () => resolve({ status: 'sent', message: 'Sent it.', ids: { sms_id: 'sms-9' } })),
          ),
      );
      const reply = await newDispatcher([slow], 400).dispatch(
        envelope('send_sms', { to_phone: '+17865550198', message: 'hi' }, { call_id: 'call-slow' }),
      );

      expect(reply).toEqual({ httpStatus: 200, body: { status: 'noted', message: Spoken.stillWorking } });
      expect(toolCalls.rows).toHaveLength(1);
      expect(toolCalls.rows[0]).toMatchObject({
        status: 'noted',
        callId: 'call-slow',
        error: 'no answer within 400 ms; the work went on',
      });
      expect(toolCalls.lateOutcomes).toEqual([]);

      finish();
      await new Promise((resolve) => setImmediate(resolve));
      expect(toolCalls.lateOutcomes).toEqual([{ id: toolCalls.rows[0].id, outcome: 'sent: Sent it.' }]);
    });

    it('answers with the tool when it finishes inside the deadline', async () => {
      const reply = await newDispatcher([sms], 400).dispatch(
        envelope('send_sms', { to_phone: '+17865550198', message: 'hi' }),
      );
      expect(reply.body.status).toBe('sent');
      expect(toolCalls.lateOutcomes).toEqual([]);
    });
  });

  describe('describeError', () => {
    it.each([
      [new TypeError('bad thing'), 'TypeError: bad thing'],
      ['text', 'text'],
      [42, '42'],
      [null, 'null'],
    ])('describes %p as %p', (error, expected) => {
      expect(describeError(error)).toBe(expected);
    });
  });
});
