import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { FindOptionsWhere, Repository } from 'typeorm';

import { Page, toPage } from '../common/dto/page';
import { createdWithin, searchConditions } from '../common/dto/search-conditions';
import { DomainException } from '../common/errors/domain.exception';
import type { E164Phone } from '../common/phone/e164-phone';
import { PhoneNumbersService } from '../common/phone/phone-numbers.service';
import { Actor, callIdOf } from '../common/tenancy/actor';
import { findInTenant } from '../common/tenancy/find-in-tenant';
import { tenantCondition, tenantForCreate } from '../common/tenancy/tenant-condition';
import { TenantScope } from '../common/tenancy/tenant-scope';
import { insertRecord } from '../database/insert-record';
import type { WriteOptions } from '../database/pending-writes';
import { updateRecord } from '../database/update-record';
import { RecordChangesService } from '../record-changes/record-changes.service';
import { TenantsService } from '../tenants/tenants.service';
import { UsersService } from '../users/users.service';
import { CreateLeadDto } from './dto/create-lead.dto';
import { ListLeadsQueryDto } from './dto/list-leads-query.dto';
import { UpdateLeadDto } from './dto/update-lead.dto';
import { Lead } from './lead.entity';
import { LeadsRepository } from './leads.repository';
import { returningLeadUpdate } from './returning-lead';

@Injectable()
export class LeadsService {
  constructor(
    @InjectRepository(Lead) private readonly leads: Repository<Lead>,
    private readonly leadRows: LeadsRepository,
    private readonly phones: PhoneNumbersService,
    private readonly changes: RecordChangesService,
    private readonly users: UsersService,
    private readonly tenants: TenantsService,
  ) {}

  /** A lead made by staff, its phone read in the tenant's country, its email normalized. */
  async create(scope: TenantScope, given: CreateLeadDto, actor: Actor): Promise<Lead> {
    const tenantId = tenantForCreate(scope);
    const input = withNormalizedEmail(given);
    const phone = this.phones.requireE164(
      input.phone,
      'phone',
      (await this.tenants.findCached(tenantId))?.defaultCountry,
    );
    const lead = await this.insert(tenantId, { ...input, phone }, actor);
    await this.changes.record({
      tenantId: lead.tenantId,
      recordType: 'lead',
      recordId: lead.id,
      action: 'create',
      actor,
      changes: { ...input },
    });
    return lead;
  }

  /**
   * A caller's details from a call. A caller already on file in the tenant (the same phone, or
   * else the same email, whatever its case: emails are stored normalized) has that lead updated, not a duplicate made: see
   * returningLeadUpdate. The update is recorded in the change history as the voice agent's.
   *
   * Two calls of one new caller at the very same moment may still make two leads: the check is
   * a read, not a unique index (one person may rightly be two leads, for instance two companies).
   * `input.phone`: E.164, as the tools webhook read it from the caller.
   *
   * With `writes`, the lead and its change row join that unit of work (nothing is written here;
   * the lead returned carries the id it will have), so they commit with the caller's other writes.
   * Deferring widens the window above by the time to that commit, and changes nothing else. An
   * update sets only the columns it fills and the notes (read, then appended to, as before).
   */
  async saveFromCall(
    scope: TenantScope,
    input: CreateLeadDto & { phone: E164Phone },
    actor: Actor,
    { writes }: WriteOptions = {},
  ): Promise<{ lead: Lead; updated: boolean }> {
    const tenantId = tenantForCreate(scope);
    const { phone } = input;
    const email = normalizedEmail(input.email) ?? null;
    const existing = await this.findReturning(scope, phone, email);
    if (!existing) return { lead: await this.insert(tenantId, { ...input, email }, actor, writes), updated: false };

    const { patch, noteLine } = returningLeadUpdate(existing, { ...input, phone, email }, callIdOf(actor));
    const { notes: _notes, ...filled } = patch;
    const updatedAt = new Date();
    await updateRecord(this.leads, existing.id, { ...patch, updatedAt }, writes);
    const saved = Object.assign(existing, patch, { updatedAt });
    await this.changes.record(
      {
        tenantId,
        recordType: 'lead',
        recordId: saved.id,
        action: 'update',
        actor,
        changes: { ...filled, notesAppended: noteLine },
      },
      { writes },
    );
    return { lead: saved, updated: true };
  }

  /** Writes a lead (`input.phone`: E.164), or adds it to `writes`. */
  private insert(
    tenantId: string | null,
    input: CreateLeadDto,
    actor: Actor,
    writes?: WriteOptions['writes'],
  ): Promise<Lead> {
    return insertRecord(
      this.leads,
      {
        tenantId,
        callId: callIdOf(actor),
        firstName: input.firstName,
        lastName: input.lastName ?? null,
        phone: input.phone,
        email: input.email ?? null,
        company: input.company ?? null,
        interest: input.interest ?? null,
        notes: input.notes ?? null,
        source: input.source ?? null,
        status: input.status ?? 'new',
        ownerId: null,
      },
      writes,
    );
  }

  async list(scope: TenantScope, query: ListLeadsQueryDto): Promise<Page<Lead>> {
    const base: FindOptionsWhere<Lead> = {
      ...tenantCondition(scope),
      ...createdWithin(query),
      ...(query.status && { status: query.status }),
      ...(query.owner_id && { ownerId: query.owner_id }),
      ...(query.call_id && { callId: query.call_id }),
    };
    const where = searchConditions(base, query.q, ['firstName', 'lastName', 'email', 'company'], ['phone']);
    return toPage(
      await this.leads.findAndCount({
        where,
        order: { createdAt: 'DESC', id: 'DESC' },
        take: query.limit,
        skip: query.offset,
      }),
      query,
    );
  }

  findByCall(scope: TenantScope, callId: string): Promise<Lead[]> {
    return this.leads.find({ where: { ...tenantCondition(scope), callId }, order: { createdAt: 'ASC' } });
  }

  get(scope: TenantScope, id: string): Promise<Lead> {
    return findInTenant(this.leads, scope, id, 'Lead');
  }

  async update(scope: TenantScope, id: string, given: UpdateLeadDto, actor: Actor): Promise<Lead> {
    const patch = withNormalizedEmail(given);
    const lead = await this.get(scope, id);
    if (patch.ownerId) await this.assertOwnerInTenant(patch.ownerId, lead.tenantId);
    Object.assign(
      lead,
      patch,
      patch.phone !== undefined
        ? {
            phone: this.phones.requireE164(
              patch.phone,
              'phone',
              (await this.tenants.findCached(lead.tenantId))?.defaultCountry,
            ),
          }
        : {},
    );
    const saved = await this.leads.save(lead);
    await this.changes.record({
      tenantId: lead.tenantId,
      recordType: 'lead',
      recordId: lead.id,
      action: 'update',
      actor,
      changes: { ...patch },
    });
    return saved;
  }

  async remove(scope: TenantScope, id: string, actor: Actor): Promise<void> {
    const lead = await this.get(scope, id);
    await this.leads.remove(lead);
    await this.changes.record({ tenantId: lead.tenantId, recordType: 'lead', recordId: id, action: 'delete', actor });
  }

  /**
   * The tenant's latest lead with this phone, else with this email (normalized, as every lead's
   * email is stored): plain equalities, so both lookups use the (tenantId, phone) and
   * (tenantId, email) indexes however many leads the tenant has. Statements built once (LeadsRepository).
   */
  private async findReturning(scope: TenantScope, phone: E164Phone, email: string | null): Promise<Lead | null> {
    const tenantId = tenantForCreate(scope);
    // E.164 as the tools webhook read it, once (saveFromCall's contract): not parsed again.
    const byPhone = await this.leadRows.latestByPhone(tenantId, phone);
    if (byPhone || !email) return byPhone;
    return this.leadRows.latestByEmail(tenantId, email);
  }

  /** A lead is worked by a user of its own tenant. */
  private async assertOwnerInTenant(userId: string, tenantId: string | null): Promise<void> {
    const user = await this.users.findProfile(userId);
    if (!user || !user.active || user.tenantId !== tenantId)
      throw DomainException.invalid('ownerId', "ownerId must be an active user of the lead's tenant");
  }
}

/**
 * An email as leads store it: trimmed and in lower case, so that the returning-caller match is a
 * plain equality on the (tenantId, email) index. Blank is no email; undefined stays undefined
 * (a patch that does not touch it).
 */
function normalizedEmail(email: string | null | undefined): string | null | undefined {
  if (email === undefined || email === null) return email;
  const normalized = email.trim().toLowerCase();
  return normalized.length > 0 ? normalized : null;
}

function withNormalizedEmail<T extends { email?: string | null }>(input: T): T {
  return input.email === undefined ? input : { ...input, email: normalizedEmail(input.email) };
}
