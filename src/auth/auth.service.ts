import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

import { DomainException } from '../common/errors/domain.exception';
import { StaffUser } from '../common/tenancy/staff-user';
import { Tenant } from '../tenants/tenant.entity';
import { TenantsService } from '../tenants/tenants.service';
import { PasswordHasherService } from '../users/password-hasher.service';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { LoginDto } from './dto/login.dto';
import { JwtClaims } from './jwt-claims';

@Injectable()
export class AuthService {
  // Verified against when the email is unknown, so a wrong email costs as long as a wrong password.
  private readonly decoyHash: Promise<string>;

  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasherService,
    private readonly jwt: JwtService,
    private readonly tenants: TenantsService,
  ) {
    this.decoyHash = hasher.hash('decoy-password-for-unknown-emails');
  }

  async login({ email, password }: LoginDto): Promise<{ access_token: string; token_type: 'Bearer' }> {
    const user = await this.users.findForLogin(email);
    const valid = await this.hasher.verify(password, user?.passwordHash ?? (await this.decoyHash));
    // A disabled user is answered like a wrong password: nothing tells which accounts exist.
    if (!user || !valid || !user.active) throw new DomainException('unauthorized', 'Invalid email or password');
    const claims: JwtClaims = { sub: user.id, email: user.email, ver: user.tokenVersion };
    return { access_token: await this.jwt.signAsync(claims), token_type: 'Bearer' };
  }

  async me(user: StaffUser): Promise<User & { tenant: Tenant | null }> {
    const profile = await this.users.findProfile(user.id);
    if (!profile) throw new DomainException('unauthorized', 'The staff token is no longer valid');
    return { ...profile, tenant: user.tenantId ? await this.tenants.findByPlatformId(user.tenantId) : null };
  }
}
