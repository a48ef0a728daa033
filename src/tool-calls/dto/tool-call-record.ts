export interface ToolCallRecord {
  tenantId: string | null;
  callId: string | null;
  function: string | null;
  args: Record<string, unknown> | null;
  status: string;
  message: string;
  httpStatus: number;
  durationMs: number;
  error?: string | null;
}
