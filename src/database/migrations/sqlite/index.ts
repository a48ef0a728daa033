import { SqliteInitialSchema1764000000000 } from './1764000000000-InitialSchema';
import { SqliteTenantsUsersKeysAudit1764003600000 } from './1764003600000-TenantsUsersKeysAudit';
import { SqliteOutboxReceiptsReplays1764007200000 } from './1764007200000-OutboxReceiptsReplays';
import { SqliteConversationSettings1764010800000 } from './1764010800000-ConversationSettings';
import { SqliteBackfillAppointmentSlots1764014400000 } from './1764014400000-BackfillAppointmentSlots';
import { SqliteSmsDestinationPolicy1764018000000 } from './1764018000000-SmsDestinationPolicy';
import { SqliteBookingHorizon1764032400000 } from './1764032400000-BookingHorizon';
import { SqliteNormalizedLeadEmails1764036000000 } from './1764036000000-NormalizedLeadEmails';

/** In order. Generated with `SQLITE_PATH=/tmp/x.sqlite npm run migration:generate -- src/database/migrations/sqlite/<Name>`. */
export const SQLITE_MIGRATIONS = [
  SqliteInitialSchema1764000000000,
  SqliteTenantsUsersKeysAudit1764003600000,
  SqliteOutboxReceiptsReplays1764007200000,
  SqliteConversationSettings1764010800000,
  SqliteBackfillAppointmentSlots1764014400000,
  SqliteSmsDestinationPolicy1764018000000,
  SqliteBookingHorizon1764032400000,
  SqliteNormalizedLeadEmails1764036000000,
];
