/**
 * The provider did not accept a message. `transient` failures (unreachable, timeout, 5xx,
 * throttled) may succeed if tried again; the others (bad number, bad credentials) will not.
 */
export class SmsSendError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
  ) {
    super(message);
    this.name = 'SmsSendError';
  }
}
