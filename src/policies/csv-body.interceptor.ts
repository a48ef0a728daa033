import {
  BadRequestException,
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  PayloadTooLargeException,
} from '@nestjs/common';
import { raw } from 'express';
import type { Observable } from 'rxjs';

/** 50,000 rows of a full policy book are about 5 MB; the rest is room for long cells and quoting. */
export const POLICY_IMPORT_MAX_BYTES = 20 * 1024 * 1024;
/** What `curl --data-binary @book.csv -H 'Content-Type: text/csv'` and spreadsheet tools send. */
const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain'];

/**
 * Reads a CSV request body as bytes, for the import route only: the app-wide JSON limit stays as
 * it is. Done in an interceptor, as FileInterceptor reads a multipart upload, rather than by a
 * middleware: it runs after the JWT guard, so nobody unauthenticated makes the app buffer 20 MB,
 * and its errors reach the app-wide filter and answer in the staff API's shape.
 */
@Injectable()
export class CsvBodyInterceptor implements NestInterceptor {
  private readonly parse = raw({ type: CSV_TYPES, limit: POLICY_IMPORT_MAX_BYTES });

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    await new Promise<void>((resolve, reject) => {
      this.parse(http.getRequest(), http.getResponse(), (error?: unknown) =>
        error ? reject(toHttpException(error)) : resolve(),
      );
    });
    return next.handle();
  }
}

function toHttpException(error: unknown): Error {
  const { type, message } = error as { type?: string; message?: string };
  if (type === 'entity.too.large')
    return new PayloadTooLargeException(
      `The file is larger than ${POLICY_IMPORT_MAX_BYTES / 1024 / 1024} MB: split it into several files`,
    );
  return new BadRequestException(message ?? 'The request body could not be read');
}
