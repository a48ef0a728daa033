import { ExecutionContext, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';

import { JwtAuthGuard } from '../../auth/jwt-auth.guard';
import type { StaffUser } from '../../common/tenancy/staff-user';
import type { UsersService } from '../../users/users.service';
import type { ApiKeyGuard } from '../api-key.guard';
import { ToolDefinitionsController } from './tool-definitions.controller';
import { WebhookKeyOrStaffGuard } from './webhook-key-or-staff.guard';

const STAFF: StaffUser = { id: 'user-1', email: 'owner@example.com', role: 'owner', tenantId: null };
type Request = { headers: Record<string, string>; user?: StaffUser };

/** The context of a request to the real (@Public()) definitions route. */
function contextOf(request: Request): ExecutionContext {
  return {
    getClass: () => ToolDefinitionsController,
    // Only read for its metadata, never called.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    getHandler: () => ToolDefinitionsController.prototype.list,
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

describe('WebhookKeyOrStaffGuard', () => {
  const jwt = new JwtService({ secret: 'unit-secret' });
  let keyAnswer: () => Promise<boolean>;
  const keyGuard = { canActivate: () => keyAnswer() } as unknown as ApiKeyGuard;
  const users = {
    findForToken: async (id: string, version: number) => (id === STAFF.id && version === 3 ? STAFF : null),
  } as unknown as UsersService;
  const guard = new WebhookKeyOrStaffGuard(keyGuard, new JwtAuthGuard(new Reflector(), jwt, users));

  const refusedKey = async (): Promise<boolean> => {
    throw new UnauthorizedException();
  };

  it('lets a webhook key through without asking for a token', async () => {
    keyAnswer = async () => true;
    const request: Request = { headers: {} };
    await expect(guard.canActivate(contextOf(request))).resolves.toBe(true);
    expect(request.user).toBeUndefined();
  });

  it('else verifies a staff token, although the route is @Public()', async () => {
    keyAnswer = refusedKey;
    const token = await jwt.signAsync({ sub: STAFF.id, email: STAFF.email, ver: 3 });
    const request: Request = { headers: { authorization: `Bearer ${token}` } };
    await expect(guard.canActivate(contextOf(request))).resolves.toBe(true);
    expect(request.user).toEqual(STAFF);
  });

  it('refuses with 401 a forged or revoked token, and no credential at all', async () => {
    keyAnswer = refusedKey;
    const forged = await new JwtService({ secret: 'another-secret' }).signAsync({
      sub: STAFF.id,
      email: STAFF.email,
      ver: 3,
    });
    const revoked = await jwt.signAsync({ sub: STAFF.id, email: STAFF.email, ver: 2 });
    const attempts: Array<Record<string, string>> = [
      {},
      { authorization: `Bearer ${forged}` },
      { authorization: `Bearer ${revoked}` },
      { authorization: 'Bearer not-a-token' },
    ];
    for (const headers of attempts) {
      await expect(guard.canActivate(contextOf({ headers }))).rejects.toThrow(
        new UnauthorizedException('A webhook key or a staff token is required'),
      );
    }
  });

  it("passes on the key guard's other refusals (a tenant key used for another tenant)", async () => {
    keyAnswer = async () => {
      throw new ForbiddenException('another tenant');
    };
    await expect(guard.canActivate(contextOf({ headers: {} }))).rejects.toThrow(ForbiddenException);
  });
});
