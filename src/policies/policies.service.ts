import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { Page, toPage } from '../common/dto/page';
import { createdWithin, searchConditions } from '../common/dto/search-conditions';
import { DomainException } from '../common/errors/domain.exception';
import { isUniqueViolation } from '../common/errors/unique-violation';
import { PhoneNumbersService } from '../common/phone/phone-numbers.service';
import { Actor } from '../common/tenancy/actor';
import { findInTenant } from '../common/tenancy/find-in-tenant';
import { tenantCondition, tenantForCreate } from '../common/tenancy/tenant-condition';
import { TenantScope } from '../common/tenancy/tenant-scope';
import { insertRecord } from '../database/insert-record';
import { RecordChangesService } from '../record-changes/record-changes.service';
import { TenantsService } from '../tenants/tenants.service';
import { CreatePolicyDto } from './dto/create-policy.dto';
import { ListPoliciesQueryDto } from './dto/list-policies-query.dto';
import { PolicyLookup } from './dto/policy-lookup';
import { PolicyStanding } from './dto/policy-standing';
import { UpdatePolicyDto } from './dto/update-policy.dto';
import { Policy } from './policy.entity';
import { policyNumberKey } from './policy-number';
import { policyStanding } from './policy-standing';

/** Case- and accent-insensitive form of a name. */
function nameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]/gu, '')
    .toLowerCase();
}

@Injectable()
export class PoliciesService {
  constructor(
    @InjectRepository(Policy) private readonly policies: Repository<Policy>,
    private readonly phones: PhoneNumbersService,
    private readonly changes: RecordChangesService,
    private readonly tenants: TenantsService,
  ) {}

  async create(scope: TenantScope, input: CreatePolicyDto, actor: Actor): Promise<Policy> {
    const tenantId = tenantForCreate(scope);
    const country = (await this.tenants.findCached(tenantId))?.defaultCountry;
    const policy = await this.unique(() =>
      insertRecord(this.policies, {
        tenantId,
        policyNumber: input.policyNumber.trim(),
        policyKey: policyNumberKey(input.policyNumber),
        status: input.status,
        firstName: input.firstName ?? null,
        lastName: input.lastName ?? null,
        phone: input.phone == null ? null : this.phones.requireE164(input.phone, 'phone', country),
        dateOfBirth: input.dateOfBirth ?? null,
        productType: input.productType ?? null,
        renewalDate: input.renewalDate ?? null,
      }),
    );
    await this.changes.record({
      tenantId,
      recordType: 'policy',
      recordId: policy.id,
      action: 'create',
      actor,
      changes: { ...input },
    });
    return policy;
  }

  async list(scope: TenantScope, query: ListPoliciesQueryDto): Promise<Page<Policy>> {
    const base = {
      ...tenantCondition(scope),
      ...createdWithin(query),
      ...(query.status && { status: query.status }),
      ...(query.policy_number && { policyKey: policyNumberKey(query.policy_number) }),
    };
    const where = searchConditions<Policy>(base, query.q, ['firstName', 'lastName', 'policyNumber'], ['phone']);
    return toPage(
      await this.policies.findAndCount({
        where,
        order: { createdAt: 'DESC', id: 'DESC' },
        take: query.limit,
        skip: query.offset,
      }),
      query,
    );
  }

  get(scope: TenantScope, id: string): Promise<Policy> {
    return findInTenant(this.policies, scope, id, 'Policy');
  }

  async update(scope: TenantScope, id: string, patch: UpdatePolicyDto, actor: Actor): Promise<Policy> {
    const policy = await this.get(scope, id);
    const { phone, policyNumber, ...rest } = patch;
    Object.assign(policy, rest);
    if (phone !== undefined)
      policy.phone =
        phone === null
          ? null
          : this.phones.requireE164(phone, 'phone', (await this.tenants.findCached(policy.tenantId))?.defaultCountry);
    if (policyNumber !== undefined)
      Object.assign(policy, { policyNumber: policyNumber.trim(), policyKey: policyNumberKey(policyNumber) });
    const saved = await this.unique(() => this.policies.save(policy));
    await this.changes.record({
      tenantId: policy.tenantId,
      recordType: 'policy',
      recordId: id,
      action: 'update',
      actor,
      changes: { ...patch },
    });
    return saved;
  }

  async remove(scope: TenantScope, id: string, actor: Actor): Promise<void> {
    const policy = await this.get(scope, id);
    await this.policies.remove(policy);
    await this.changes.record({
      tenantId: policy.tenantId,
      recordType: 'policy',
      recordId: id,
      action: 'delete',
      actor,
    });
  }

  /**
   * The policy a caller asks about, inside the caller's tenant. Every holder fact the caller
   * offered must match; a mismatch is answered as "no such policy", so that nobody can learn
   * which numbers exist by guessing.
   */
  async lookup(scope: TenantScope, lookup: PolicyLookup): Promise<Policy | null> {
    let policy: Policy | null = null;
    for (const key of lookup.policyKeys) {
      policy = await this.policies.findOneBy({ policyKey: key, ...tenantCondition(scope) });
      if (policy) break;
    }
    if (!policy) return null;
    if (lookup.lastName !== undefined && (!policy.lastName || nameKey(policy.lastName) !== nameKey(lookup.lastName)))
      return null;
    if (lookup.phone !== undefined && policy.phone !== lookup.phone) return null;
    if (lookup.dateOfBirth !== undefined && policy.dateOfBirth !== lookup.dateOfBirth) return null;
    return policy;
  }

  /**
   * Where the policy a caller asks about stands (see lookup: a mismatch is `not_found`), with
   * whether its end has passed in the calendar of `zone`, the tenant's timezone.
   */
  async standing(scope: TenantScope, lookup: PolicyLookup, zone: string): Promise<PolicyStanding> {
    const policy = await this.lookup(scope, lookup);
    return policy ? policyStanding(policy, zone) : { kind: 'not_found' };
  }

  /** Writes a policy; a number already in the tenant is a conflict, not a 500. */
  private async unique(write: () => Promise<Policy>): Promise<Policy> {
    try {
      const saved = await write();
      delete (saved as Partial<Policy>).policyKey; // an internal lookup key, as on reads (select: false)
      return saved;
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainException(
          'conflict',
          'A policy with this number already exists in this tenant',
          'policyNumber',
        );
      }
      throw error;
    }
  }
}
