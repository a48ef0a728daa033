// First: with OTEL_EXPORTER_OTLP_ENDPOINT set, tracing must patch http, express and pg before they load.
import './tracing/tracing.preload';
import 'reflect-metadata';

import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger as PinoLogger } from 'nestjs-pino';

import type * as AppModuleFile from './app.module';
import { configureApp } from './app.setup';
import { EnvironmentVariables, validateEnvironment } from './config/environment';

async function bootstrap(): Promise<void> {
  // ConfigModule validates again as AppModule loads, but from a promise that would crash with a
  // stack trace; checked here first, a bad value ends in the message naming it.
  validateEnvironment(process.env);
  // Loaded only now: importing AppModule validates the environment again, and would throw first.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { AppModule } = require('./app.module') as typeof AppModuleFile;
  // Lines logged while the app is built wait for the JSON logger, so that every line has the same shape.
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true });
  app.useLogger(app.get(PinoLogger));
  configureApp(app);
  // SIGTERM/SIGINT: stop the outbox worker, let in-flight requests finish, close the database,
  // then exit 0 (by default Nest re-raises the signal, which reads as a crash to supervisors).
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  const port = app.get(ConfigService<EnvironmentVariables, true>).get('PORT', { infer: true });
  await app.listen(port);
  new Logger('Bootstrap').log(`voice-crm listening on port ${port}`);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
