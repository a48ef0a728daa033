import { HttpException, HttpStatus, Injectable } from '@nestjs/common';

import type { TenantLanguage } from '../../tenants/tenant.entity';
import { spokenIn } from '../spoken/spoken-messages';
import type { ToolOutcome } from '../tool-handler';
import type { ToolReply } from '../tool-reply';

/**
 * Every answer of the platform's contract, `{status, message}` plus ids, built in one place: a
 * tool's outcome, "still working", the graceful unexpected failure, and the answer to a request
 * refused before it reached a tool. It holds no state: the webhook's body parser, which runs
 * before Nest's injector, makes its own.
 */
@Injectable()
export class ToolReplyFactory {
  fromOutcome(httpStatus: number, outcome: ToolOutcome): ToolReply {
    return { httpStatus, body: { ...outcome.ids, status: outcome.status, message: outcome.message } };
  }

  /** "It's in hand": for a call still running at the deadline, or a copy of one. */
  stillWorking(language: TenantLanguage): ToolReply {
    return this.fromOutcome(HttpStatus.OK, { status: 'noted', message: spokenIn(language).stillWorking });
  }

  /** A failure nobody planned for: a sentence the agent can say, never what went wrong. */
  unexpected(language: TenantLanguage): ToolReply {
    return this.error(HttpStatus.INTERNAL_SERVER_ERROR, spokenIn(language).unexpected);
  }

  /** The answer to whatever was thrown before or around a tool: its HTTP status, said in the contract. */
  forException(exception: unknown, language: TenantLanguage): ToolReply {
    return this.forStatus(
      exception instanceof HttpException ? exception.getStatus() : HttpStatus.INTERNAL_SERVER_ERROR,
      language,
    );
  }

  forStatus(status: number, language: TenantLanguage): ToolReply {
    const say = spokenIn(language);
    switch (status) {
      case HttpStatus.UNAUTHORIZED as number:
        return this.error(status, say.unauthorized);
      case HttpStatus.FORBIDDEN as number:
        return this.error(status, say.forbidden);
      case HttpStatus.PAYLOAD_TOO_LARGE as number:
        return this.error(status, say.tooLarge);
      case HttpStatus.TOO_MANY_REQUESTS as number:
        return this.error(status, say.rateLimited);
    }
    if (status >= 400 && status < 500) return this.error(HttpStatus.BAD_REQUEST, say.badRequest);
    return this.unexpected(language);
  }

  private error(httpStatus: number, message: string): ToolReply {
    return { httpStatus, body: { status: 'error', message } };
  }
}
