import { PostgresInitialSchema1764000000000 } from './1764000000000-InitialSchema';
import { PostgresTenantsUsersKeysAudit1764003600000 } from './1764003600000-TenantsUsersKeysAudit';
import { PostgresOutboxReceiptsReplays1764007200000 } from './1764007200000-OutboxReceiptsReplays';
import { PostgresConversationSettings1764010800000 } from './1764010800000-ConversationSettings';
import { PostgresBackfillAppointmentSlots1764014400000 } from './1764014400000-BackfillAppointmentSlots';
import { PostgresSmsDestinationPolicy1764018000000 } from './1764018000000-SmsDestinationPolicy';
import { PostgresBookingHorizon1764032400000 } from './1764032400000-BookingHorizon';
import { PostgresNormalizedLeadEmails1764036000000 } from './1764036000000-NormalizedLeadEmails';

/** In order. Generated with `DATABASE_URL=... npm run migration:generate -- src/database/migrations/postgres/<Name>`. */
export const POSTGRES_MIGRATIONS = [
  PostgresInitialSchema1764000000000,
  PostgresTenantsUsersKeysAudit1764003600000,
  PostgresOutboxReceiptsReplays1764007200000,
  PostgresConversationSettings1764010800000,
  PostgresBackfillAppointmentSlots1764014400000,
  PostgresSmsDestinationPolicy1764018000000,
  PostgresBookingHorizon1764032400000,
  PostgresNormalizedLeadEmails1764036000000,
];
