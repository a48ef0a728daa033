import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { DomainException } from '../common/errors/domain.exception';
import { isUniqueViolation } from '../common/errors/unique-violation';
import { PhoneNumbersService } from '../common/phone/phone-numbers.service';
import { staffActor } from '../common/tenancy/actor';
import { StaffUser } from '../common/tenancy/staff-user';
import { EnvironmentVariables } from '../config/environment';
import { RecordChangesService } from '../record-changes/record-changes.service';
import { CreateTenantDto } from './dto/create-tenant.dto';
import { UpdateTenantDto } from './dto/update-tenant.dto';
import { Tenant, TenantLanguage } from './tenant.entity';
import { TenantSettingsCache } from './tenant-settings.cache';
import { TenantSettingsInvalidationsService } from './tenant-settings-invalidations.service';
import { TenantsRepository } from './tenants.repository';

@Injectable()
export class TenantsService {
  private readonly logger = new Logger(TenantsService.name);

  constructor(
    @InjectRepository(Tenant) private readonly tenants: Repository<Tenant>,
    private readonly tenantRows: TenantsRepository,
    private readonly config: ConfigService<EnvironmentVariables, true>,
    private readonly changes: RecordChangesService,
    private readonly phones: PhoneNumbersService,
    // Tool calls resolve their tenant on every call; tenants change rarely and only here.
    private readonly cache: TenantSettingsCache,
    private readonly invalidations: TenantSettingsInvalidationsService,
  ) {}

  /** The tenants a staff user may see: all for an owner, its own for anyone else. */
  list(user: StaffUser): Promise<Tenant[]> {
    return this.tenants.find({
      where: user.role === 'owner' ? {} : { platformTenantId: user.tenantId ?? '' },
      order: { name: 'ASC', id: 'ASC' },
    });
  }

  async get(user: StaffUser, id: string): Promise<Tenant> {
    const tenant = await this.tenants.findOneBy({ id });
    if (!tenant || (user.role !== 'owner' && tenant.platformTenantId !== user.tenantId))
      throw DomainException.notFound('Tenant');
    return tenant;
  }

  async create(actor: StaffUser, input: CreateTenantDto): Promise<Tenant> {
    try {
      // Settings left out keep the defaults (the DTO holds them as undefined, which would erase them).
      const given = Object.fromEntries(
        Object.entries(input).filter(([, value]) => value !== undefined),
      ) as Partial<Tenant>;
      const settings = { ...this.defaults(), ...given };
      if (settings.onCallPhone)
        settings.onCallPhone = this.phones.requireE164(settings.onCallPhone, 'onCallPhone', settings.defaultCountry);
      const tenant = await this.tenants.save(this.tenants.create(settings));
      await this.changes.record({
        tenantId: tenant.platformTenantId,
        recordType: 'tenant',
        recordId: tenant.id,
        action: 'create',
        actor: staffActor(actor),
        changes: { ...input },
      });
      return tenant;
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainException('conflict', 'A tenant with this platformTenantId already exists', 'platformTenantId');
      }
      throw error;
    }
  }

  async update(user: StaffUser, id: string, patch: UpdateTenantDto): Promise<Tenant> {
    const tenant = await this.get(user, id);
    Object.assign(tenant, patch);
    if (tenant.onCallPhone)
      tenant.onCallPhone = this.phones.requireE164(tenant.onCallPhone, 'onCallPhone', tenant.defaultCountry);
    const saved = await this.tenants.save(tenant);
    await this.invalidations.changed(saved.platformTenantId);
    await this.changes.record({
      tenantId: saved.platformTenantId,
      recordType: 'tenant',
      recordId: id,
      action: 'update',
      actor: staffActor(user),
      changes: { ...patch },
    });
    return saved;
  }

  /** Read on every settings-cache miss of a tool call: a statement built once (TenantsRepository). */
  findByPlatformId(platformTenantId: string): Promise<Tenant | null> {
    return this.tenantRows.byPlatformId(platformTenantId);
  }

  /**
   * The tenant a staff request names for something that grants access to it (a user, a webhook
   * key): it must exist, or the access would wait for whoever first creates a tenant of that id.
   * A 400 naming `field` (the `?tenant_id=` it came from) otherwise.
   */
  async requireExisting(platformTenantId: string, field = 'tenant_id'): Promise<Tenant> {
    const tenant = await this.findCached(platformTenantId);
    if (!tenant)
      throw DomainException.invalid(
        field,
        `${field} names no tenant: create the tenant first (POST /api/tenants), then its users and keys`,
      );
    return tenant;
  }

  /** The tenant's language if its settings are cached (no database read: for answers that cannot wait for one). */
  cachedLanguage(platformTenantId: string): TenantLanguage | undefined {
    return this.cache.lastSeen(platformTenantId)?.language;
  }

  /**
   * A tenant's settings by its platform id, from the cache resolveForCall keeps (null: no such
   * tenant, or a record of no tenant).
   */
  async findCached(platformTenantId: string | null): Promise<Tenant | null> {
    if (platformTenantId === null) return null;
    const cached = this.cache.get(platformTenantId);
    if (cached) return cached;
    const tenant = await this.findByPlatformId(platformTenantId);
    if (tenant) this.cache.set(tenant);
    return tenant;
  }

  /**
   * The tenant a tool call names, created with the default settings when the platform names one
   * we have not seen: nothing a caller says is lost for want of a tenant record.
   */
  async resolveForCall(platformTenantId: string): Promise<Tenant> {
    const cached = this.cache.get(platformTenantId);
    if (cached) return cached;
    let tenant = await this.findByPlatformId(platformTenantId);
    if (!tenant) {
      // OR IGNORE: two first calls of a new tenant may arrive together.
      await this.tenants
        .createQueryBuilder()
        .insert()
        .values({ ...this.defaults(), name: platformTenantId, platformTenantId })
        .orIgnore()
        .execute();
      tenant = await this.findByPlatformId(platformTenantId);
      if (!tenant) throw new Error(`Tenant ${platformTenantId} could not be created`);
      this.logger.warn(
        `Created tenant "${platformTenantId}" for a tool call that named it; an owner should name it and check its settings.`,
      );
    }
    this.cache.set(tenant);
    return tenant;
  }

  private defaults(): Pick<Tenant, 'timezone' | 'language' | 'defaultCountry'> {
    return {
      timezone: this.config.get('DEFAULT_TIMEZONE', { infer: true }),
      language: 'en',
      defaultCountry: this.config.get('DEFAULT_COUNTRY', { infer: true }),
    };
  }
}
