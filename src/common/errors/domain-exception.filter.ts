import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';

import { DomainErrorCode, DomainException } from './domain.exception';

const STATUS_BY_CODE: Record<DomainErrorCode, HttpStatus> = {
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  invalid: HttpStatus.BAD_REQUEST,
  unauthorized: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

/**
 * The app-wide error presenter for staff routes: domain codes become HTTP statuses, Nest's
 * HTTP exceptions keep theirs, and anything else is a logged 500 with no internals in the body.
 * The tools webhook has its own filter, which answers in the platform's contract shape.
 */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, body } = this.present(exception);
    if (status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (!response.headersSent) response.status(status).json(body);
  }

  private present(exception: unknown): { status: number; body: Record<string, unknown> } {
    if (exception instanceof DomainException) {
      const status = STATUS_BY_CODE[exception.code];
      return {
        status,
        // The same shape as a validation failure: the messages, and the fields they name.
        body: {
          statusCode: status,
          error: exception.code,
          message: [exception.message],
          ...(exception.field && { fields: [exception.field] }),
        },
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const raw = exception.getResponse();
      const body = typeof raw === 'string' ? { statusCode: status, message: raw } : { statusCode: status, ...raw };
      return { status, body };
    }
    return { status: 500, body: { statusCode: 500, message: 'Internal server error' } };
  }
}
