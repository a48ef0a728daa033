import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { DataSource } from 'typeorm';

import type * as AppModuleFile from '../../src/app.module';
import type * as AppSetupFile from '../../src/app.setup';
import { FakeVonageServer } from './fake-vonage.server';

export const WEBHOOK_KEY = 'csk_live_test_0123456789abcdef0123456789abcdef';
export const SECOND_WEBHOOK_KEY = 'csk_live_rotated_fedcba9876543210fedcba98765432';
export const ADMIN = { email: 'admin@example.com', password: 'Test-Admin-Passw0rd!' };
export const TENANT = 'tenant-a';
export const OTHER_TENANT = 'tenant-b';

/** PostgreSQL when the suite runs with DATABASE_URL (.ci/run), else a fresh SQLite file per app. */
export const DATABASE_URL = process.env.DATABASE_URL;
export const onPostgres = Boolean(DATABASE_URL);

export interface TestApp {
  app: INestApplication;
  /** @nestjs/core as this app loaded it (each app has its own module registry). */
  core: typeof import('@nestjs/core');
  http: TestAgent;
  dataSource: DataSource;
  vonage: FakeVonageServer;
  /** Rows of a table, straight from the database. */
  rows<T = Record<string, unknown>>(table: string, where?: string, parameters?: unknown[]): Promise<T[]>;
  staffToken(): Promise<string>;
  /**
   * The app's own instance of a provider class, by class name (each app loads its own copy of our classes),
   * also when a factory made it.
   */
  provider<T>(className: string): T;
  /** POSTs a tool call as the platform does. */
  tool(fn: string, args: unknown, options?: { callId?: string; tenantId?: string; key?: string }): request.Test;
  close(): Promise<void>;
}

async function resetPostgres(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('DROP SCHEMA IF EXISTS public CASCADE');
    await client.query('CREATE SCHEMA public');
  } finally {
    await client.end();
  }
}

/**
 * The whole AppModule over a real database and the production pipeline (CoreModule's
 * providers plus configureApp), with only the outside world replaced: Vonage is a fake HTTP
 * server that the real SDK reaches through VONAGE_REST_HOST.
 *
 * Configuration is validated when AppModule is imported, so each app is built from a fresh
 * module registry holding its own environment.
 */
export async function createTestApp(
  env: Record<string, string | undefined> = {},
  /** `keepDatabase`: a second app instance on the database of the first (pass the same SQLITE_PATH on SQLite). */
  options: { keepDatabase?: boolean } = {},
): Promise<TestApp> {
  const vonage = await new FakeVonageServer().start();
  const dataDir = mkdtempSync(join(tmpdir(), 'voice-crm-test-'));
  if (DATABASE_URL && !options.keepDatabase) await resetPostgres(DATABASE_URL);
  const environment: Record<string, string | undefined> = {
    NODE_ENV: 'test',
    DATABASE_URL,
    SQLITE_PATH: join(dataDir, 'crm.sqlite'),
    VOIP_TOOLS_WEBHOOK_KEY: WEBHOOK_KEY,
    JWT_SECRET: 'test-jwt-secret-0123456789abcdef0123456789abcdef',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    SMS_PROVIDER: 'vonage',
    VONAGE_API_KEY: 'test-api-key',
    VONAGE_API_SECRET: 'test-api-secret',
    VONAGE_FROM: 'VoiceCRM',
    VONAGE_REST_HOST: vonage.url,
    SMS_TIMEOUT_MS: '1500',
    DEFAULT_TIMEZONE: 'America/New_York',
    // Retries of queued texts wait a minute here, so that suites other than the outbox's see
    // exactly the attempts they made; the outbox's suite sets short delays.
    SMS_RETRY_BASE_MS: '60000',
    // Quiet unless a suite asks for logs (test/logging.e2e-spec.ts reads them).
    LOG_LEVEL: 'silent',
    // Each instance on its own, whatever the shell says; the Redis suites (*.redis-spec.ts) pass one.
    REDIS_URL: undefined,
    ...env,
  };
  const saved = { ...process.env };
  for (const [key, value] of Object.entries(environment)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }

  let app!: INestApplication;
  let dataSource!: DataSource;
  let core!: typeof import('@nestjs/core');
  try {
    await jest.isolateModulesAsync(async () => {
      const { Test } = await import('@nestjs/testing');
      // require, not import(): jest.isolateModulesAsync gives each app its own registry only for require.
      /* eslint-disable @typescript-eslint/no-require-imports */
      const { AppModule } = require('../../src/app.module') as typeof AppModuleFile;
      const { configureApp } = require('../../src/app.setup') as typeof AppSetupFile;
      /* eslint-enable @typescript-eslint/no-require-imports */
      const { DataSource: DataSourceToken } = await import('typeorm');
      const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
      app = configureApp(moduleRef.createNestApplication({ logger: ['error'] }));
      // The JSON logger of production (src/main.ts), so that Nest's Logger lines go through it.
      app.useLogger(app.get((await import('nestjs-pino')).Logger));
      await app.init();
      dataSource = app.get(DataSourceToken);
      core = await import('@nestjs/core');
    });
  } catch (error) {
    process.env = saved;
    await vonage.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }

  const http = request(app.getHttpServer());
  let token: string | undefined;
  return {
    app,
    core,
    http,
    dataSource,
    vonage,
    rows: (table, where, parameters = []) => {
      let sql = `SELECT * FROM ${table}${where ? ` WHERE ${where}` : ''}`;
      if (onPostgres)
        sql = sql.replace(
          /\?/g,
          (() => {
            let index = 0;
            return () => `$${++index}`;
          })(),
        );
      return dataSource.query(sql, parameters);
    },
    provider<T>(className: string): T {
      for (const module of app.get(core.ModulesContainer).values()) {
        for (const wrapper of module.providers.values()) {
          if (wrapper.metatype && (wrapper.metatype as { name?: string }).name === className)
            return wrapper.instance as T;
          // A provider made by a factory (ThrottlerModule's storage) is found by what it made.
          if ((wrapper.instance as object | undefined)?.constructor?.name === className) return wrapper.instance as T;
        }
      }
      throw new Error(`no provider named ${className}`);
    },
    async staffToken() {
      if (!token) token = (await http.post('/api/auth/login').send(ADMIN).expect(200)).body.access_token as string;
      return token;
    },
    tool: (fn, args, options = {}) =>
      http
        .post('/api/webhooks/ai-tools')
        .set('Authorization', `Bearer ${options.key ?? WEBHOOK_KEY}`)
        .send({ function: fn, args, call_id: options.callId ?? 'call-1', tenant_id: options.tenantId ?? TENANT }),
    async close() {
      await app.close();
      await vonage.stop();
      rmSync(dataDir, { recursive: true, force: true });
      process.env = saved;
    },
  };
}
