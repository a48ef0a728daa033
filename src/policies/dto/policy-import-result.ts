/** Why one line of an imported policy book was not imported. */
export interface PolicyImportError {
  /** Line in the file where the row starts; the header is line 1. */
  line: number;
  /** What is wrong, naming the column. */
  reason: string;
}

/** The answer to POST /api/policies/import. */
export interface PolicyImportResult {
  /** Data rows in the file (blank lines are not rows). */
  received: number;
  created: number;
  updated: number;
  /** Exact, even when `errors` is cut short. */
  rejected: number;
  /** In line order, at most POLICY_IMPORT_MAX_ERRORS of them. */
  errors: PolicyImportError[];
}
