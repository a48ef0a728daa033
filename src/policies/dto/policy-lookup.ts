/** What a caller offers to find a policy: the number, and optionally facts about the holder. */
export interface PolicyLookup {
  policyNumber: string;
  /** E.164. */
  phone?: string;
  lastName?: string;
  /** YYYY-MM-DD. */
  dateOfBirth?: string;
}
