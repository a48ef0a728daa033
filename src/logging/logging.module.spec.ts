import { INestApplication, Logger } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { Logger as PinoLogger } from 'nestjs-pino';

import { LoggingModule } from './logging.module';

/** Nest's own Logger, as services use it, once main.ts has handed logging to nestjs-pino. */
describe('LoggingModule', () => {
  let app: INestApplication;
  const lines: string[] = [];
  let write: jest.SpyInstance;

  beforeAll(async () => {
    write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => ({ LOG_LEVEL: 'debug' })] }),
        LoggingModule,
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useLogger(app.get(PinoLogger));
    await app.init();
  });

  afterAll(async () => {
    await app.close();
    write.mockRestore();
  });

  const logged = (msg: string): Record<string, unknown> => {
    const entries = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.msg === msg);
    expect(entries).toHaveLength(1);
    return entries[0];
  };

  it('writes an object logged before the message as JSON fields, with the level by name and the context', () => {
    new Logger('ToolDispatcher').log(
      { tool: 'send_sms', status: 'sent', httpStatus: 200, durationMs: 12, callId: 'call-7' },
      'tool call',
    );
    expect(logged('tool call')).toMatchObject({
      level: 'info',
      context: 'ToolDispatcher',
      tool: 'send_sms',
      status: 'sent',
      httpStatus: 200,
      durationMs: 12,
      callId: 'call-7',
      time: expect.any(Number),
    });
  });

  it('redacts sensitive fields and masks phone numbers in fields and messages', () => {
    new Logger('Probe').warn(
      {
        args: { to_phone: '+17865550198', message: 'Meet at the harbour', password: 'hunter2hunter2' },
        body: { any: 1 },
      },
      'probe',
    );
    new Logger('Probe').debug('texting (786) 555-0198 now');
    expect(logged('probe')).toMatchObject({
      level: 'warn',
      args: { to_phone: '+*******0198', message: '[redacted]', password: '[redacted]' },
      body: '[redacted]',
    });
    expect(logged('texting (***) ***-0198 now')).toMatchObject({ level: 'debug', context: 'Probe' });
    expect(lines.join('')).not.toMatch(/hunter2|harbour|7865550198|555-0198/);
  });

  it('logs an error with its stack as an error field, masked too', () => {
    const error = new Error('Vonage refused 17865550198');
    new Logger('SmsOutbox').error(`SMS failed: ${error.message}`, error.stack);
    const entry = logged('SMS failed: Vonage refused *******0198');
    expect(entry).toMatchObject({
      level: 'error',
      context: 'SmsOutbox',
      err: { message: 'SMS failed: Vonage refused *******0198' },
    });
    expect(String((entry.err as { stack: string }).stack)).toContain('Vonage refused *******0198');
  });
});
