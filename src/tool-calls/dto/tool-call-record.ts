export interface ToolCallRecord {
  /** Chosen before the call runs, so a duplicate can point at it; made here when absent. */
  id?: string;
  tenantId: string | null;
  callId: string | null;
  function: string | null;
  args: Record<string, unknown> | null;
  status: string;
  message: string;
  httpStatus: number;
  durationMs: number;
  error?: string | null;
  /** The logged call whose answer this one replayed. */
  replayOf?: string | null;
}
