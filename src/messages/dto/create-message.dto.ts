/** What a tool call hands MessagesService; staff do not create messages. */
export interface CreateMessageInput {
  callerName: string;
  callerPhone: string;
  body: string;
  forPerson?: string;
  urgent?: boolean;
  callbackPreferredTime?: string;
}
