import { getMetadataStorage } from 'class-validator';

import type { ArgumentSchema, ToolDefinition, ToolDefinitions } from '../src/tools-webhook/definitions/tool-definition';
import type { ToolHandler } from '../src/tools-webhook/tool-handler';
import { createTestApp, TENANT, TestApp, WEBHOOK_KEY } from './support/test-app';

const PATH = '/api/webhooks/ai-tools/definitions';
const TOOLS = ['send_sms', 'create_lead', 'leave_message', 'schedule_appointment', 'check_policy_status'];

/**
 * What each tool answers when its arguments were enough. An appointment may find its time taken
 * (`unavailable`); without a time (optional) it answers `error` with the day's first free times
 * as a question, and logs no error: the caller picks one and the agent calls again.
 */
const DONE: Record<string, string[]> = {
  send_sms: ['sent'],
  create_lead: ['created', 'updated'],
  leave_message: ['saved'],
  schedule_appointment: ['scheduled', 'unavailable', 'error'],
  check_policy_status: ['found'],
};
/** Where each tool's work lands, by call id. */
const TABLE: Record<string, string | undefined> = {
  send_sms: 'sms_messages',
  create_lead: 'leads',
  leave_message: 'messages',
  schedule_appointment: 'appointments',
  check_policy_status: undefined,
};

/** A value for an argument, read off its schema alone: its example, else the first allowed value, else a plain one of its type. */
function valueFor(property: string, schema: ArgumentSchema): unknown {
  if (schema.examples?.length) return schema.examples[0];
  if (schema.enum?.length) return schema.enum[0];
  const type = [schema.type ?? 'string'].flat()[0];
  if (type === 'integer' || type === 'number') return schema.minimum ?? 1;
  if (type === 'boolean') return true;
  const text = 'Sam Rivera';
  // A pattern the plain value misses needs an example in the hints: say so rather than guess.
  if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(text))
    throw new Error(`${property} needs an example`);
  return text;
}

function argsFrom(tool: ToolDefinition, properties: string[]): Record<string, unknown> {
  return Object.fromEntries(
    properties.map((property) => [property, valueFor(property, tool.function.parameters.properties[property])]),
  );
}

interface ToolCallRow {
  status: string;
  httpStatus: number;
  error: string | null;
}

describe('tool definitions (GET /api/webhooks/ai-tools/definitions)', () => {
  let t: TestApp;
  let staff: string;
  let tools: ToolDefinition[];

  const byName = (name: string) => tools.find((tool) => tool.function.name === name)!;

  beforeAll(async () => {
    t = await createTestApp();
    staff = await t.staffToken();
    // Keys are made only for tenants that exist.
    await t.http
      .post('/api/tenants')
      .set('Authorization', `Bearer ${staff}`)
      .send({ name: 'Definitions agency', platformTenantId: TENANT })
      .expect(201);
    tools = ((await t.http.get(PATH).set('Authorization', `Bearer ${WEBHOOK_KEY}`).expect(200)).body as ToolDefinitions)
      .tools;
  });
  afterAll(() => t.close());

  describe('who may read them', () => {
    it('answers the platform key, as a bearer token or in X-API-Key, with the five tools as functions', async () => {
      for (const header of [{ Authorization: `Bearer ${WEBHOOK_KEY}` }, { 'X-API-Key': WEBHOOK_KEY }]) {
        const res = await t.http.get(PATH).set(header).expect(200);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(Object.keys(res.body)).toEqual(['tools']);
        expect((res.body as ToolDefinitions).tools.map((tool) => [tool.type, tool.function.name])).toEqual(
          TOOLS.map((name) => ['function', name]),
        );
        for (const tool of (res.body as ToolDefinitions).tools) {
          expect(Object.keys(tool.function).sort()).toEqual(['description', 'name', 'parameters']);
          expect(tool.function.description.length).toBeGreaterThan(20);
          expect(tool.function.parameters).toMatchObject({ type: 'object', additionalProperties: false });
          expect(tool.function.parameters.required.length).toBeGreaterThan(0);
          expect(tool.function.parameters.properties.language.type).toBe('string');
        }
      }
    });

    it("answers a tenant's webhook key, and no longer once it is revoked", async () => {
      const made = await t.http
        .post(`/api/webhook-keys?tenant_id=${TENANT}`)
        .set('Authorization', `Bearer ${staff}`)
        .send({ name: 'Agent setup' })
        .expect(201);
      const key = made.body.key as string;
      const res = await t.http.get(PATH).set('Authorization', `Bearer ${key}`).expect(200);
      expect(res.body).toEqual({ tools });

      await t.http
        .delete(`/api/webhook-keys/${made.body.id as string}`)
        .set('Authorization', `Bearer ${staff}`)
        .expect(204);
      const [row] = await t.rows<{ revokedAt: unknown }>('webhook_keys', '"id" = ?', [made.body.id]);
      expect(row.revokedAt).not.toBeNull();
      await t.http.get(PATH).set('Authorization', `Bearer ${key}`).expect(401);
    });

    it('answers a staff JWT with the same definitions', async () => {
      const res = await t.http.get(PATH).set('Authorization', `Bearer ${staff}`).expect(200);
      expect(res.body).toEqual({ tools });
    });

    it('refuses with a 401 JSON answer: no credential, a wrong key, a staff JWT in X-API-Key, or a forged token', async () => {
      const [header, payload] = staff.split('.');
      const forged = `${header}.${payload}.${'A'.repeat(43)}`;
      const attempts = [
        t.http.get(PATH),
        t.http.get(PATH).set('Authorization', 'Bearer csk_live_wrong_0123456789abcdef0123456789abcdef'),
        t.http.get(PATH).set('X-API-Key', 'not-the-key'),
        t.http.get(PATH).set('X-API-Key', staff),
        t.http.get(PATH).set('Authorization', `Bearer ${forged}`),
      ];
      for (const attempt of attempts) {
        const res = await attempt;
        expect([res.status, res.headers['content-type']]).toEqual([401, expect.stringMatching(/^application\/json/)]);
        expect(res.body).toEqual({
          statusCode: 401,
          message: 'A webhook key or a staff token is required',
          error: 'Unauthorized',
        });
        expect(JSON.stringify(res.body)).not.toContain('send_sms');
      }
    });
  });

  describe('no drift from what the webhook accepts', () => {
    /** The app's own handlers (each test app loads its own copy of our classes), found by shape. */
    const handlers = (): ToolHandler[] =>
      [...t.app.get(t.core.ModulesContainer).values()].flatMap((module) =>
        [...module.providers.values()]
          .map((wrapper) => wrapper.instance as Partial<ToolHandler> | undefined)
          .filter(
            (instance): instance is ToolHandler =>
              typeof instance?.name === 'string' &&
              typeof instance.argsType === 'function' &&
              typeof instance.handle === 'function',
          ),
      );

    it('publishes every registered tool, and every argument its DTO validates', () => {
      const registered = handlers();
      expect(registered.map((handler) => handler.name).sort()).toEqual(tools.map((tool) => tool.function.name).sort());
      for (const handler of registered) {
        const validated = new Set(
          getMetadataStorage()
            .getTargetValidationMetadatas(handler.argsType, '', false, false)
            .map((metadata) => metadata.propertyName),
        );
        const published = Object.keys(byName(handler.name).function.parameters.properties);
        expect([handler.name, [...validated].filter((property) => !published.includes(property))]).toEqual([
          handler.name,
          [],
        ]);
        expect([
          handler.name,
          published.filter((property) => !validated.has(property) && property !== 'language'),
        ]).toEqual([handler.name, []]);
      }
    });

    describe('a call built from the schema alone is enough', () => {
      beforeAll(async () => {
        // A policy whose holder matches the values the schema gives, so that the lookup finds it.
        const policy = byName('check_policy_status').function.parameters.properties;
        await t.http
          .post(`/api/policies?tenant_id=${TENANT}`)
          .set('Authorization', `Bearer ${staff}`)
          .send({
            policyNumber: valueFor('policy_number', policy.policy_number),
            status: 'active',
            lastName: valueFor('last_name', policy.last_name),
            phone: '+17865550198',
            dateOfBirth: valueFor('date_of_birth', policy.date_of_birth),
          })
          .expect(201);
      });

      async function callAndCheck(name: string, args: Record<string, unknown>, callId: string): Promise<void> {
        const res = await t.tool(name, args, { callId });
        expect([name, res.status, DONE[name].includes(res.body.status as string)]).toEqual([name, 200, true]);
        const [row] = await t.rows<ToolCallRow>('tool_calls', '"callId" = ?', [callId]);
        // Nothing was missing or unclear, and no argument was dropped as unusable.
        expect([name, row.status, row.httpStatus, row.error]).toEqual([name, res.body.status, 200, null]);
        const table = TABLE[name];
        // A returning caller's lead is updated (`updated`, its own id), so leads are found by id.
        const stored = () =>
          res.body.lead_id ? t.rows(table!, '"id" = ?', [res.body.lead_id]) : t.rows(table!, '"callId" = ?', [callId]);
        if (table && !['unavailable', 'error'].includes(res.body.status as string))
          expect([name, await stored()]).toEqual([name, [expect.anything()]]);
      }

      it.each(TOOLS)('%s, with its required arguments only', async (name) => {
        const tool = byName(name);
        await callAndCheck(name, argsFrom(tool, tool.function.parameters.required), `definitions-required-${name}`);
      });

      it.each(TOOLS)('%s, with every argument it publishes', async (name) => {
        const tool = byName(name);
        await callAndCheck(
          name,
          argsFrom(tool, Object.keys(tool.function.parameters.properties)),
          `definitions-every-${name}`,
        );
      });

      it.each(TOOLS)(
        '%s, missing a required argument, is asked for it: the schema does not require too little',
        async (name) => {
          const tool = byName(name);
          for (const left of tool.function.parameters.required) {
            const callId = `definitions-without-${name}-${left}`;
            const args = argsFrom(
              tool,
              tool.function.parameters.required.filter((property) => property !== left),
            );
            const res = await t.tool(name, args, { callId });
            expect([name, left, res.body.status]).toEqual([name, left, 'error']);
            const [row] = await t.rows<ToolCallRow>('tool_calls', '"callId" = ?', [callId]);
            expect([name, left, row.error]).toEqual([
              name,
              left,
              expect.stringMatching(new RegExp(`^invalid args: .*\\b${left}\\b`)),
            ]);
          }
        },
      );
    });
  });
});
