// A minimal NestJS 12 app for `npm run bench`: the framework with the app's own validation pipe
// (AppValidationPipe, from the build in dist/) and a DTO for the webhook's body, answering from
// memory, with no database, guards, logging or interceptors. With the limit server, it bounds
// what the design card's shape (a Nest controller, DTO validation, TypeORM) can reach: the
// framework's cost per call plus the raw driver's.
//
// Env: VOIP_TOOLS_WEBHOOK_KEY (required). Prints `LISTENING <port>` once it listens on 127.0.0.1.
import 'reflect-metadata';

import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';

import { Body, Controller, Headers, HttpCode, Module, Post, UnauthorizedException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { IsObject, IsOptional, IsString } from 'class-validator';

const require = createRequire(import.meta.url);
const { AppValidationPipe } = require('../../dist/src/common/validation/app-validation.pipe.js');

const KEY = process.env.VOIP_TOOLS_WEBHOOK_KEY;
if (!KEY) throw new Error('VOIP_TOOLS_WEBHOOK_KEY is required');
const KEY_BYTES = Buffer.from(KEY);

// Plain JavaScript: decorators applied as TypeScript would emit them.
class ToolCallBody {}
const property = (name, ...decorators) => Reflect.decorate(decorators, ToolCallBody.prototype, name, undefined);
property('function', IsString());
property('args', IsObject());
property('call_id', IsOptional(), IsString());
property('tenant_id', IsOptional(), IsString());

class WebhookController {
  call(authorization, body) {
    const given = Buffer.from(typeof authorization === 'string' ? authorization.replace(/^Bearer /, '') : '');
    if (given.length !== KEY_BYTES.length || !timingSafeEqual(given, KEY_BYTES)) throw new UnauthorizedException();
    return { status: 'created', message: `Thanks, ${String(body.args.first_name ?? '')}.`, lead_id: randomUUID() };
  }
}
const call = Object.getOwnPropertyDescriptor(WebhookController.prototype, 'call');
Reflect.defineMetadata('design:paramtypes', [String, ToolCallBody], WebhookController.prototype, 'call');
Reflect.decorate([Post('ai-tools'), HttpCode(200)], WebhookController.prototype, 'call', call);
Headers('authorization')(WebhookController.prototype, 'call', 0);
Body()(WebhookController.prototype, 'call', 1);
Reflect.decorate([Controller('api/webhooks')], WebhookController);

class BenchModule {}
Reflect.decorate([Module({ controllers: [WebhookController] })], BenchModule);

const app = await NestFactory.create(BenchModule, { logger: false });
app.useGlobalPipes(new AppValidationPipe());
await app.listen(0, '127.0.0.1');
const server = app.getHttpServer();
server.keepAliveTimeout = 60_000;
console.log(`LISTENING ${server.address().port}`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
