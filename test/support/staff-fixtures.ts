import { ADMIN, type TestApp } from './test-app';
import type { Body } from './values';

/** The default time zone of every test app (DEFAULT_TIMEZONE in test-app.ts). */
export const ZONE = 'America/New_York';
/** A well-formed uuid that names no row. */
export const MISSING_ID = '00000000-0000-4000-8000-000000000000';

export type Reply = { status: number; body: Body; text: string };
export type Send = (id: string) => PromiseLike<Reply>;

/** A staff user made through the API, logged in. */
export interface Staff {
  id: string;
  email: string;
  password: string;
  tenantId: string;
  token: string;
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

export async function login(t: TestApp, email: string, password: string): Promise<string> {
  return (await t.http.post('/api/auth/login').send({ email, password }).expect(200)).body.access_token as string;
}

/** The id of the bootstrap owner (ADMIN in test-app.ts). */
export async function adminId(t: TestApp): Promise<string> {
  const [user] = await t.rows<{ id: string }>('users', '"email" = ?', [ADMIN.email]);
  return user.id;
}

/** Rows of a table, in id order, for before/after comparisons. */
export async function snapshot(t: TestApp, table: string, where?: string, parameters?: unknown[]): Promise<Body[]> {
  const rows = await t.rows<Body>(table, where, parameters);
  return rows.sort((a, b) => String(a.id).localeCompare(String(b.id)));
}

/** A user made through the API (as the owner with ?tenant_id=, or as an admin), then logged in. */
export async function createStaff(
  t: TestApp,
  token: string,
  tenantId: string,
  role: 'admin' | 'agent',
  label: string,
  viaTenantParam = true,
): Promise<Staff> {
  const email = `${label}@tenancy.example`;
  const password = `${label.toUpperCase()}-secret-pass-2026`;
  const path = viaTenantParam ? `/api/users?tenant_id=${tenantId}` : '/api/users';
  const response = await t.http.post(path).set(bearer(token)).send({ email, password, role, name: label }).expect(201);
  expect(response.body).toMatchObject({ email, role, tenantId, active: true });
  const [row] = await t.rows('users', '"id" = ?', [response.body.id]);
  expect(row).toMatchObject({ email, role, tenantId });
  return { id: response.body.id as string, email, password, tenantId, token: await login(t, email, password) };
}

/** The ids of a list page, sorted. */
export function ids(page: Body): string[] {
  return (page.data as Body[]).map((item) => item.id as string).sort();
}

export function sortedIds(rows: Body[]): string[] {
  return rows.map((row) => row.id as string).sort();
}

/** Lets the clock move on, so that records made one after the other have distinct stamps. */
export function pause(ms = 5): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The same request for a missing id and for `foreignId`: both 404, with the same body. */
export async function expectLikeMissing(label: string, send: Send, foreignId: string): Promise<void> {
  const missing = await send(MISSING_ID);
  const foreign = await send(foreignId);
  expect({ label, status: missing.status }).toEqual({ label, status: 404 });
  expect({ label, status: foreign.status, body: foreign.body }).toEqual({ label, status: 404, body: missing.body });
  expect(foreign.text).not.toContain(foreignId);
}

/**
 * `search(token, path, query)`: GETs a list page of up to 100 as `token`, checks that its total
 * counts what it holds, and answers its ids, sorted.
 */
export function listSearch(app: () => TestApp) {
  return async (token: string, path: string, query: Record<string, string>): Promise<string[]> => {
    const response = await app()
      .http.get(path)
      .query({ limit: '100', ...query })
      .set(bearer(token))
      .expect(200);
    expect(response.body.total).toBe(response.body.data.length);
    return ids(response.body);
  };
}
