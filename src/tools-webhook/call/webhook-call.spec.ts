import { ForbiddenException } from '@nestjs/common';

import { VoipToolCallEnvelope } from '../envelope/voip-tool-call.envelope';
import { WebhookCall, type WebhookCaller } from './webhook-call';

const envelope = new VoipToolCallEnvelope();
const TENANT_KEY: WebhookCaller = { kind: 'tenant', tenantId: 'agency-3', keyId: 'key-1' };

function open(caller: WebhookCaller, body: unknown, acceptLanguage?: string): WebhookCall {
  return WebhookCall.open({ caller, named: envelope.sight(body), acceptLanguage, startedAt: 10, requestId: 'r-1' });
}

describe('WebhookCall', () => {
  it("acts in a tenant key's tenant whether or not the body names it", () => {
    expect(open(TENANT_KEY, { function: 'f', args: {} }).tenantId).toBe('agency-3');
    expect(open(TENANT_KEY, { function: 'f', args: {}, tenant_id: 'agency-3' }).tenantId).toBe('agency-3');
  });

  it("cannot be opened for a tenant key's call naming another tenant", () => {
    expect(() => open(TENANT_KEY, { function: 'f', args: {}, tenant_id: 'agency-4' })).toThrow(ForbiddenException);
  });

  it("acts in the tenant the body names under the platform's key, else in none", () => {
    expect(open({ kind: 'platform' }, { function: 'f', args: {}, tenant_id: 't-1' }).tenantId).toBe('t-1');
    expect(open({ kind: 'platform' }, { function: 'f', args: {} }).tenantId).toBeNull();
    expect(open({ kind: 'platform' }, [{ tenant_id: 't-1' }]).tenantId).toBeNull();
  });

  it('keeps the language hints, the start and the request id', () => {
    const call = open({ kind: 'platform' }, { function: 'f', args: { language: 'es' } }, 'en-US');
    expect(call).toMatchObject({
      languageHints: { argsLanguage: 'es', acceptLanguage: 'en-US' },
      startedAt: 10,
      requestId: 'r-1',
    });
  });
});
