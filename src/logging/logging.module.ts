import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

import { HttpLoggingMiddleware } from './http-logging.middleware';

/**
 * Structured JSON logs: Nest's Logger (main.ts: `app.useLogger(app.get(Logger))`) writes through
 * the pino logger of HttpLoggingMiddleware, so every line, in a request or not, is redacted and
 * masked the same way, and a line logged while a request is served carries its request id.
 * `this.logger.log({ field: value }, 'message')` logs the fields as JSON fields.
 *
 * The request logger itself is mounted by configureApp, ahead of every other middleware, and
 * keeps the request's id for the lines logged while it is served (request-context.ts).
 * nestjs-pino's own middleware is not mounted (`forRoutes: []`): it would make a child logger
 * and an async context per request, for lines that at LOG_LEVEL=warn are mostly never written.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      providers: [HttpLoggingMiddleware],
      inject: [HttpLoggingMiddleware],
      useFactory: (httpLogging: HttpLoggingMiddleware) => ({
        pinoHttp: { logger: httpLogging.logger },
        useExisting: true,
        forRoutes: [],
      }),
    }),
  ],
})
export class LoggingModule {}
