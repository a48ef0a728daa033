import { DateTime } from 'luxon';

import { bearer, listSearch, sortedIds } from './staff-fixtures';
import { createTestApp, type TestApp } from './test-app';
import { buildWorld, type Seeded, TA, TB, type World } from './two-tenants';
import { type Body, instant, namedFields } from './values';

/** A staff list that takes q and a creation window, with the columns q searches. */
export interface TenantList {
  path: string;
  table: string;
  key: keyof Omit<Seeded, 'callId'>;
  q: string;
  columns: string[];
  phoneQ?: string;
  phoneColumn?: string;
}

/** Messages, appointments, policies, texts and tool calls: each with a twin in tenant B that q would match. */
export const TENANT_LISTS: TenantList[] = [
  {
    path: 'messages',
    table: 'messages',
    key: 'message',
    q: 'MARTA',
    columns: ['callerName', 'forPerson', 'body'],
    phoneQ: '555-0110',
    phoneColumn: 'callerPhone',
  },
  {
    path: 'appointments',
    table: 'appointments',
    key: 'appointment',
    q: 'nora',
    columns: ['callerName', 'purpose'],
    phoneQ: '(786) 555-0111',
    phoneColumn: 'phone',
  },
  {
    path: 'policies',
    table: 'policies',
    key: 'policy',
    q: 'pol-7788',
    columns: ['firstName', 'lastName', 'policyNumber'],
    phoneQ: '0198',
    phoneColumn: 'phone',
  },
  {
    path: 'sms',
    table: 'sms_messages',
    key: 'sms',
    q: 'Documents',
    columns: ['callerName', 'body'],
    phoneQ: '555 0112',
    phoneColumn: 'toPhone',
  },
  { path: 'tool-calls', table: 'tool_calls', key: 'toolCall', q: 'create', columns: ['function_name', 'message'] },
];

/**
 * Declares a list's search tests for tenants A and B (built by buildWorld): q and the creation
 * window find A's records for A's agent, never B's twins. Each feature spec calls it from its
 * own tenant-isolation describe, for its own list.
 */
export function itSearchesInsideTheTenant(app: () => TestApp, world: () => World, path: string): void {
  const spec = TENANT_LISTS.find((list) => list.path === path)!;
  const search = listSearch(app);

  it(`searches ${spec.path} with q, inside the tenant`, async () => {
    const t = app();
    const w = world();
    const rowsA = await t.rows<Body>(spec.table, '"tenantId" = ?', [TA]);
    const rowsB = await t.rows(spec.table, '"tenantId" = ?', [TB]);
    const matches = (row: Body) =>
      spec.columns.some(
        (column) => row[column] != null && String(row[column]).toLowerCase().includes(spec.q.toLowerCase()),
      );
    const expectedA = sortedIds(rowsA.filter(matches));
    expect(expectedA).toContain(w.A[spec.key]);
    // B has a twin that matches too, which A must not see.
    expect(rowsB.filter(matches).length).toBeGreaterThan(0);
    expect(await search(w.agentA.token, `/api/${spec.path}`, { q: spec.q })).toEqual(expectedA);
    expect(await search(w.agentA.token, `/api/${spec.path}`, { q: 'zzz-no-such-thing' })).toEqual([]);
    if (spec.phoneQ && spec.phoneColumn) {
      const digits = spec.phoneQ.replace(/\D/g, '');
      const byPhone = sortedIds(rowsA.filter((row) => String(row[spec.phoneColumn!] ?? '').includes(digits)));
      expect(byPhone).toContain(w.A[spec.key]);
      expect(await search(w.agentA.token, `/api/${spec.path}`, { q: spec.phoneQ })).toEqual(byPhone);
    }
  });

  it(`windows ${spec.path} by creation time`, async () => {
    const t = app();
    const w = world();
    const rowsA = await t.rows(spec.table, '"tenantId" = ?', [TA]);
    const pivotRow = rowsA.find((row) => row.id === w.A[spec.key])!;
    const pivot = instant(pivotRow.createdAt);
    const iso = new Date(pivot).toISOString();
    const expected = (keep: (stamp: number) => boolean) =>
      sortedIds(rowsA.filter((row) => keep(instant(row.createdAt))));
    const from = await search(w.agentA.token, `/api/${spec.path}`, { created_from: iso });
    expect(from).toEqual(expected((stamp) => stamp >= pivot));
    expect(from).toContain(w.A[spec.key]);
    const to = await search(w.agentA.token, `/api/${spec.path}`, { created_to: iso });
    expect(to).toEqual(expected((stamp) => stamp <= pivot));
    expect(to).toContain(w.A[spec.key]);
    const tomorrow = DateTime.utc().plus({ days: 1 }).toISODate();
    expect(await search(w.agentA.token, `/api/${spec.path}`, { created_from: tomorrow })).toEqual([]);
    expect(await search(w.agentA.token, `/api/${spec.path}`, { created_to: '2000-01-01' })).toEqual([]);
    const bad = await t.http
      .get(`/api/${spec.path}`)
      .query({ created_from: 'last week' })
      .set(bearer(w.agentA.token))
      .expect(400);
    expect(namedFields(bad.body)).toEqual(['created_from']);
  });
}

/** A feature spec's tenant-isolation block: its own app with the two-tenant world, and the list's search tests. */
export function describeTenantIsolation(feature: string, path: string): void {
  describe(`${feature}: tenant isolation`, () => {
    let t: TestApp;
    let w: World;

    beforeAll(async () => {
      t = await createTestApp();
      w = await buildWorld(t);
    });

    afterAll(async () => {
      await t?.close();
    });

    itSearchesInsideTheTenant(
      () => t,
      () => w,
      path,
    );
  });
}
