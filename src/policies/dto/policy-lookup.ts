/** What a caller offers to find a policy: the number's keys, and optionally facts about the holder. */
export interface PolicyLookup {
  /** The keys the number may have (policyNumberKey), the likelier first; the first one found wins. */
  policyKeys: string[];
  /** E.164. */
  phone?: string;
  lastName?: string;
  /** YYYY-MM-DD. */
  dateOfBirth?: string;
}
