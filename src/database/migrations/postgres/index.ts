import { PostgresInitialSchema1764000000000 } from './1764000000000-InitialSchema';
import { PostgresTenantsUsersKeysAudit1764003600000 } from './1764003600000-TenantsUsersKeysAudit';

/** In order. Generated with `DATABASE_URL=... npm run migration:generate -- src/database/migrations/postgres/<Name>`. */
export const POSTGRES_MIGRATIONS = [PostgresInitialSchema1764000000000, PostgresTenantsUsersKeysAudit1764003600000];
