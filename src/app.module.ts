import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AppointmentsModule } from './appointments/appointments.module';
import { AuthModule } from './auth/auth.module';
import { CallsModule } from './calls/calls.module';
import { EnvironmentVariables, validateEnvironment } from './config/environment';
import { CoreModule } from './core/core.module';
import { DatabaseModule } from './database/database.module';
import { buildDataSourceOptions } from './database/database.options';
import { HealthModule } from './health/health.module';
import { LeadsModule } from './leads/leads.module';
import { LoggingModule } from './logging/logging.module';
import { MessagesModule } from './messages/messages.module';
import { MetricsModule } from './metrics/metrics.module';
import { PoliciesModule } from './policies/policies.module';
import { RateLimitsModule } from './rate-limits/rate-limits.module';
import { RecordChangesModule } from './record-changes/record-changes.module';
import { RedisModule } from './redis/redis.module';
import { SmsModule } from './sms/sms.module';
import { TenantsModule } from './tenants/tenants.module';
import { ToolCallsModule } from './tool-calls/tool-calls.module';
import { ToolsWebhookModule } from './tools-webhook/tools-webhook.module';
import { TracingModule } from './tracing/tracing.module';
import { UsersModule } from './users/users.module';
import { VonageWebhooksModule } from './vonage-webhooks/vonage-webhooks.module';
import { WebhookKeysModule } from './webhook-keys/webhook-keys.module';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, cache: true, validate: validateEnvironment }),
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<EnvironmentVariables, true>) =>
        buildDataSourceOptions({
          DATABASE_URL: config.get('DATABASE_URL', { infer: true }),
          SQLITE_PATH: config.get('SQLITE_PATH', { infer: true }),
          DATABASE_CONNECT_TIMEOUT_MS: config.get('DATABASE_CONNECT_TIMEOUT_MS', { infer: true }),
          DATABASE_STATEMENT_TIMEOUT_MS: config.get('DATABASE_STATEMENT_TIMEOUT_MS', { infer: true }),
        }),
    }),
    DatabaseModule,
    LoggingModule,
    RedisModule,
    RateLimitsModule,
    CoreModule,
    RecordChangesModule,
    AuthModule,
    UsersModule,
    TenantsModule,
    LeadsModule,
    MessagesModule,
    AppointmentsModule,
    PoliciesModule,
    SmsModule,
    ToolCallsModule,
    WebhookKeysModule,
    ToolsWebhookModule,
    VonageWebhooksModule,
    CallsModule,
    HealthModule,
    MetricsModule,
    TracingModule,
  ],
})
export class AppModule {}
