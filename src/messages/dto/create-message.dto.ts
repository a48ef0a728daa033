/** What a tool call hands MessagesService; staff do not create messages. */
export interface CreateMessageInput {
  callerName: string;
  /** E.164, as the tools webhook read it from the caller. */
  callerPhone: string;
  body: string;
  forPerson?: string;
  urgent?: boolean;
  callbackPreferredTime?: string;
}
