import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { Page, toPage } from '../common/dto/page';
import { DomainException } from '../common/errors/domain.exception';
import { isUniqueViolation } from '../common/errors/unique-violation';
import { staffActor } from '../common/tenancy/actor';
import { findInTenant } from '../common/tenancy/find-in-tenant';
import { StaffUser } from '../common/tenancy/staff-user';
import { tenantCondition, tenantForCreate } from '../common/tenancy/tenant-condition';
import { TenantScope } from '../common/tenancy/tenant-scope';
import { RecordChangesService } from '../record-changes/record-changes.service';
import { TenantsService } from '../tenants/tenants.service';
import { CreateUserDto } from './dto/create-user.dto';
import { ListUsersQueryDto } from './dto/list-users-query.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { PasswordHasherService } from './password-hasher.service';
import { User } from './user.entity';

/**
 * Staff users as owners and admins manage them. An owner manages every tenant's users and other
 * owners; an admin manages its own tenant's admins and agents and cannot make anyone an owner.
 */
@Injectable()
export class UserAdministrationService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly hasher: PasswordHasherService,
    private readonly changes: RecordChangesService,
    private readonly tenants: TenantsService,
  ) {}

  async list(scope: TenantScope, query: ListUsersQueryDto): Promise<Page<User>> {
    const where = { ...tenantCondition(scope), ...(query.role && { role: query.role }) };
    return toPage(
      await this.users.findAndCount({
        where,
        order: { createdAt: 'DESC', id: 'DESC' },
        take: query.limit,
        skip: query.offset,
      }),
      query,
    );
  }

  get(scope: TenantScope, id: string): Promise<User> {
    return findInTenant(this.users, scope, id, 'User');
  }

  async create(actor: StaffUser, scope: TenantScope, input: CreateUserDto): Promise<User> {
    this.assertMayGrant(actor, input.role);
    // Owners span tenants; everyone else belongs to the tenant the request names.
    const tenantId = input.role === 'owner' ? null : tenantForCreate(scope);
    if (input.role !== 'owner' && tenantId === null)
      throw DomainException.invalid('tenant_id', 'an admin or agent belongs to a tenant: name it with ?tenant_id=');
    if (tenantId !== null) await this.tenants.requireExisting(tenantId);
    const user = this.users.create({
      email: input.email,
      name: input.name ?? null,
      role: input.role,
      tenantId,
      active: true,
      tokenVersion: 0,
      passwordHash: await this.hasher.hash(input.password),
    });
    try {
      const saved = await this.users.save(user);
      await this.changes.record({
        tenantId,
        recordType: 'user',
        recordId: saved.id,
        action: 'create',
        actor: staffActor(actor),
        changes: { ...input },
      });
      return this.withoutSecrets(saved);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainException('conflict', 'A user with this email already exists', 'email');
      }
      throw error;
    }
  }

  async update(actor: StaffUser, scope: TenantScope, id: string, patch: UpdateUserDto): Promise<User> {
    const user = await this.get(scope, id);
    if (patch.role !== undefined && patch.role !== user.role) {
      this.assertMayGrant(actor, patch.role);
      // A tenant's user cannot become an owner, nor an owner a tenant's user: that would move tenants.
      if ((patch.role === 'owner') !== (user.role === 'owner'))
        throw DomainException.invalid('role', 'role cannot move a user between owner and a tenant role');
    }
    if (user.id === actor.id && (patch.active === false || (patch.role !== undefined && patch.role !== user.role))) {
      throw DomainException.invalid(
        patch.active === false ? 'active' : 'role',
        'you cannot disable yourself or change your own role',
      );
    }
    const revokesTokens =
      (patch.role !== undefined && patch.role !== user.role) ||
      (patch.active !== undefined && patch.active !== user.active) ||
      patch.password !== undefined;
    Object.assign(user, {
      ...(patch.role !== undefined && { role: patch.role }),
      ...(patch.active !== undefined && { active: patch.active }),
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.password !== undefined && { passwordHash: await this.hasher.hash(patch.password) }),
    });
    await this.users.save(user);
    // Older tokens stop working at the next request.
    if (revokesTokens) await this.users.increment({ id: user.id }, 'tokenVersion', 1);
    await this.changes.record({
      tenantId: user.tenantId,
      recordType: 'user',
      recordId: user.id,
      action: 'update',
      actor: staffActor(actor),
      changes: { ...patch },
    });
    return this.withoutSecrets(await this.get(scope, id));
  }

  private assertMayGrant(actor: StaffUser, role: User['role']): void {
    if (role === 'owner' && actor.role !== 'owner')
      throw new DomainException('forbidden', 'Only an owner can make an owner', 'role');
  }

  private withoutSecrets(user: User): User {
    const { passwordHash: _hash, tokenVersion: _version, ...visible } = user;
    return visible as User;
  }
}
