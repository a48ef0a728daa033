import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { StaffUser } from '../common/tenancy/staff-user';
import { EnvironmentVariables } from '../config/environment';
import { PasswordHasherService } from './password-hasher.service';
import { User } from './user.entity';

/** Who may sign in: the bootstrap owner, and the lookups authentication needs. */
@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly hasher: PasswordHasherService,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {}

  /** The first owner comes from ADMIN_EMAIL / ADMIN_PASSWORD, and only while no user exists. */
  async onApplicationBootstrap(): Promise<void> {
    const email = this.config.get('ADMIN_EMAIL', { infer: true });
    const password = this.config.get('ADMIN_PASSWORD', { infer: true });
    if (!email || !password) {
      if ((await this.users.count()) === 0)
        this.logger.warn('No staff user exists; set ADMIN_EMAIL and ADMIN_PASSWORD to create the first owner.');
      return;
    }
    if ((await this.users.count()) > 0) return;
    // OR IGNORE: two instances starting together on one database must not crash each other.
    const result = await this.users
      .createQueryBuilder()
      .insert()
      .values({
        email: email.toLowerCase(),
        passwordHash: await this.hasher.hash(password),
        role: 'owner',
        tenantId: null,
        active: true,
        tokenVersion: 0,
      })
      .orIgnore()
      .execute();
    if (result.identifiers.some(Boolean)) this.logger.log(`Created the first owner, ${email.toLowerCase()}`);
  }

  findForLogin(
    email: string,
  ): Promise<Pick<User, 'id' | 'email' | 'role' | 'tenantId' | 'active' | 'passwordHash' | 'tokenVersion'> | null> {
    return this.users.findOne({
      where: { email: email.toLowerCase() },
      select: {
        id: true,
        email: true,
        role: true,
        tenantId: true,
        active: true,
        passwordHash: true,
        tokenVersion: true,
      },
    });
  }

  findProfile(id: string): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  /** The user a token names, if it is still active and the token is of its current version. */
  async findForToken(id: string, tokenVersion: number): Promise<StaffUser | null> {
    const user = await this.users.findOne({
      where: { id },
      select: { id: true, email: true, role: true, tenantId: true, active: true, tokenVersion: true },
    });
    if (!user || !user.active || user.tokenVersion !== tokenVersion) return null;
    return { id: user.id, email: user.email, role: user.role, tenantId: user.tenantId };
  }
}
