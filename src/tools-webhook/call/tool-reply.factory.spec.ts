import { BadRequestException, HttpStatus, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';

import { Spoken, spokenIn } from '../spoken/spoken-messages';
import { ToolReplyFactory } from './tool-reply.factory';

describe('ToolReplyFactory', () => {
  const replies = new ToolReplyFactory();

  it("answers a tool's outcome with its ids beside status and message", () => {
    expect(replies.fromOutcome(200, { status: 'created', message: 'Done.', ids: { lead_id: 'l-1' } })).toEqual({
      httpStatus: 200,
      body: { lead_id: 'l-1', status: 'created', message: 'Done.' },
    });
  });

  it('says "still working" with 200 and the unexpected failure with 500, in the language given', () => {
    expect(replies.stillWorking('en')).toEqual({
      httpStatus: 200,
      body: { status: 'noted', message: Spoken.stillWorking },
    });
    expect(replies.unexpected('es')).toEqual({
      httpStatus: 500,
      body: { status: 'error', message: spokenIn('es').unexpected },
    });
  });

  it.each([
    [HttpStatus.UNAUTHORIZED, HttpStatus.UNAUTHORIZED, Spoken.unauthorized],
    [HttpStatus.FORBIDDEN, HttpStatus.FORBIDDEN, Spoken.forbidden],
    [HttpStatus.PAYLOAD_TOO_LARGE, HttpStatus.PAYLOAD_TOO_LARGE, Spoken.tooLarge],
    [HttpStatus.TOO_MANY_REQUESTS, HttpStatus.TOO_MANY_REQUESTS, Spoken.rateLimited],
    [HttpStatus.NOT_FOUND, HttpStatus.BAD_REQUEST, Spoken.badRequest],
    [HttpStatus.UNPROCESSABLE_ENTITY, HttpStatus.BAD_REQUEST, Spoken.badRequest],
    [HttpStatus.BAD_GATEWAY, HttpStatus.INTERNAL_SERVER_ERROR, Spoken.unexpected],
  ])('answers HTTP %i as %i with its sentence', (status, answered, message) => {
    expect(replies.forStatus(status, 'en')).toEqual({ httpStatus: answered, body: { status: 'error', message } });
  });

  it('maps what was thrown by its HTTP status, anything else as the unexpected failure', () => {
    expect(replies.forException(new BadRequestException(), 'en').httpStatus).toBe(400);
    expect(replies.forException(new NotFoundException(), 'en').httpStatus).toBe(400);
    expect(replies.forException(new PayloadTooLargeException(), 'en').httpStatus).toBe(413);
    expect(replies.forException(new ThrottlerException(), 'en').httpStatus).toBe(429);
    expect(replies.forException(new Error('boom'), 'en')).toEqual({
      httpStatus: 500,
      body: { status: 'error', message: Spoken.unexpected },
    });
  });
});
