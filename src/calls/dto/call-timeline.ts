export type TimelineEventType = 'tool_call' | 'lead' | 'message' | 'appointment' | 'sms' | 'change';

export interface TimelineEvent {
  at: Date;
  type: TimelineEventType;
  /** The id of the tool call, record or change. */
  id: string;
  /** One line for a supervisor: what happened. */
  summary: string;
  /** The tool call, record or change itself. */
  data: object;
}

export interface CallTimeline {
  callId: string;
  tenantId: string | null;
  events: TimelineEvent[];
}
