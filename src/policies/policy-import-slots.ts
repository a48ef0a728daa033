import { Injectable } from '@nestjs/common';

/**
 * Policy-book imports this instance runs at once. An import holds its whole file and its parsed
 * policies in memory (about 160 MB for a 16 MB file of 50,000 rows, measured with bench/import-memory.mjs), so the number at once is
 * what bounds the memory imports can take: four at once took the process to 660 MB.
 */
export const POLICY_IMPORTS_AT_ONCE = 2;
/** What a refused import is told to wait: a full 50,000-row book takes some seconds to import. */
export const POLICY_IMPORT_RETRY_AFTER_SECONDS = 10;

/** The import slots of this instance: taken before the file is read, given back when the answer is done. */
@Injectable()
export class PolicyImportSlots {
  private taken = 0;

  /** Imports running (or reading their file) now. */
  get inUse(): number {
    return this.taken;
  }

  /** A slot, with the function that gives it back (once, however often called); null when all are taken. */
  tryTake(): (() => void) | null {
    if (this.taken >= POLICY_IMPORTS_AT_ONCE) return null;
    this.taken += 1;
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.taken -= 1;
    };
  }
}
