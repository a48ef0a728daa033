// The seed's webhook handler, rebuilt for `npm run bench` from the VoIP platform's published
// contract (../shared/seed/: the CRM webhook section of its SDK README): an Express 5 app with
// the contract's Bearer check, its body fields, its answers per tool, and in-memory stand-ins
// where the contract leaves persistence and the SMS provider to the CRM. It is the reference the
// bench divides by: what the platform's own example costs on this machine.
//
// Left out on purpose: the example's console.log of every call (a pipe write per request would
// make this reference slower and every ratio to it look better than it is).
//
// Env: VOIP_TOOLS_WEBHOOK_KEY (required). Prints `LISTENING <port>` once it listens on 127.0.0.1.
import { randomUUID, timingSafeEqual } from 'node:crypto';

import express from 'express';

const KEY = process.env.VOIP_TOOLS_WEBHOOK_KEY;
if (!KEY) throw new Error('VOIP_TOOLS_WEBHOOK_KEY is required');
const KEY_BYTES = Buffer.from(KEY);

/** The contract's check: `Authorization: Bearer <key>` (or an `X-API-Key`), compared in constant time. */
function authorized(headers) {
  const same = (given) => {
    if (typeof given !== 'string') return false;
    const bytes = Buffer.from(given);
    return bytes.length === KEY_BYTES.length && timingSafeEqual(bytes, KEY_BYTES);
  };
  const auth = headers.authorization;
  if (typeof auth === 'string') return same(auth.startsWith('Bearer ') ? auth.slice(7) : auth);
  return same(headers['x-api-key']);
}

// In-memory stand-ins for the CRM's tables and its SMS provider.
const leads = new Map();
const messages = [];
const appointments = [];
const texts = [];
const policies = new Map([['BENCH-100200', { status: 'active' }]]);

const store = {
  createLead: (lead) => {
    const id = randomUUID();
    leads.set(id, { id, ...lead });
    return id;
  },
  saveMessage: (message) => messages.push({ id: randomUUID(), ...message }),
  scheduleAppointment: (appointment) => appointments.push({ id: randomUUID(), ...appointment }),
  findPolicy: (policyNumber) => policies.get(policyNumber) ?? null,
  sendSms: (text) => {
    texts.push(text);
    return { success: true };
  },
};

/** The answer to one tool call, as the contract words it. */
function answer(toolName, args, callId, tenantId) {
  switch (toolName) {
    case 'send_sms': {
      if (!args.to_phone || !args.message) {
        return {
          status: 'error',
          message: 'Please give me the phone number and the message to send.',
        };
      }
      const sent = store.sendSms({ to: args.to_phone, message: args.message, callId, tenantId });
      if (!sent.success) {
        return { status: 'failed', message: 'I could not send the text just now; we will send it shortly.' };
      }
      return { status: 'sent', message: `I've sent the text to ${args.to_phone}. It should arrive in a moment.` };
    }
    case 'create_lead': {
      const leadId = store.createLead({
        firstName: args.first_name,
        lastName: args.last_name,
        phone: args.phone,
        email: args.email,
        company: args.company,
        interest: args.interest,
        notes: args.notes,
        callId,
        tenantId,
      });
      return {
        status: 'created',
        lead_id: leadId,
        message: `I've saved the details for ${args.first_name}. Someone from the team will follow up soon.`,
      };
    }
    case 'leave_message': {
      store.saveMessage({
        callerName: args.caller_name,
        callerPhone: args.caller_phone,
        message: args.message,
        forPerson: args.for_person,
        urgent: args.urgent,
        callbackTime: args.callback_preferred_time,
        callId,
        tenantId,
      });
      return {
        status: 'saved',
        message: args.urgent
          ? `I've marked this as urgent; the team will get back to ${args.caller_name} right away.`
          : `Your message is recorded; someone will call ${args.caller_name} back soon.`,
      };
    }
    case 'schedule_appointment': {
      store.scheduleAppointment({
        callerName: args.caller_name,
        phone: args.phone,
        date: args.date,
        time: args.time,
        duration: args.duration,
        purpose: args.purpose,
        notes: args.notes,
        callId,
        tenantId,
      });
      return {
        status: 'scheduled',
        message: `You're booked for ${args.date}${args.time ? ` at ${args.time}` : ''}; a confirmation will follow.`,
      };
    }
    case 'check_policy_status': {
      const policy = store.findPolicy(args.policy_number);
      if (!policy) {
        return {
          status: 'not_found',
          message: `I can't find policy ${args.policy_number}. Could you check the number for me?`,
        };
      }
      return { status: 'found', message: `Policy ${args.policy_number} is ${policy.status}.` };
    }
    default:
      return { status: 'noted', message: "I've made a note of that; someone from the team will follow up." };
  }
}

const app = express();
app.use(express.json());

app.post('/api/webhooks/ai-tools', (req, res) => {
  if (!authorized(req.headers)) return res.status(401).json({ status: 'error', message: 'Unauthorized' });
  const { function: toolName, args, call_id: callId, tenant_id: tenantId } = req.body ?? {};
  if (!toolName || !args) return res.status(400).json({ status: 'error', message: 'Missing function or args' });
  try {
    return res.json(answer(toolName, args, callId, tenantId));
  } catch {
    return res.status(500).json({
      status: 'error',
      message: "I'm having trouble with that right now; I'll take a note and someone will follow up.",
    });
  }
});

const server = app.listen(0, '127.0.0.1', () => console.log(`LISTENING ${server.address().port}`));
server.keepAliveTimeout = 60_000;
process.on('SIGTERM', () => server.close(() => process.exit(0)));
