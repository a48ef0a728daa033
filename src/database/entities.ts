import { Appointment } from '../appointments/appointment.entity';
import { AppointmentSlot } from '../appointments/appointment-slot.entity';
import { Lead } from '../leads/lead.entity';
import { Message } from '../messages/message.entity';
import { Policy } from '../policies/policy.entity';
import { RecordChange } from '../record-changes/record-change.entity';
import { SmsOptOut } from '../sms/opt-outs/sms-opt-out.entity';
import { SmsMessage } from '../sms/sms-message.entity';
import { Tenant } from '../tenants/tenant.entity';
import { ToolCall } from '../tool-calls/tool-call.entity';
import { ToolCallFingerprint } from '../tool-calls/tool-call-fingerprint.entity';
import { User } from '../users/user.entity';
import { WebhookKey } from '../webhook-keys/webhook-key.entity';

export const ENTITIES = [
  Tenant,
  User,
  WebhookKey,
  Lead,
  Message,
  Appointment,
  AppointmentSlot,
  Policy,
  SmsMessage,
  SmsOptOut,
  ToolCall,
  ToolCallFingerprint,
  RecordChange,
];
