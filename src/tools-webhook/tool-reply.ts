import type { ToolStatus } from './tool-handler';

/** The platform's answer shape: `status` and the spoken `message`, plus ids where a record was made. */
export interface ToolReplyBody {
  status: ToolStatus;
  message: string;
  [id: string]: string;
}

export interface ToolReply {
  httpStatus: number;
  body: ToolReplyBody;
}
