import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lead emails as they are written from now on: trimmed and in lower case, so that a returning
 * caller is found by a plain equality on the ("tenantId", "email") index (it exists since
 * ConversationSettings) instead of LOWER("email") scanning the tenant's leads. Blank is NULL.
 */
export class PostgresNormalizedLeadEmails1764036000000 implements MigrationInterface {
  name = 'NormalizedLeadEmails1764036000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "leads" SET "email" = NULLIF(LOWER(TRIM("email")), '') WHERE "email" IS NOT NULL AND "email" <> LOWER(TRIM("email"))`,
    );
    await queryRunner.query(`UPDATE "leads" SET "email" = NULL WHERE "email" = ''`);
  }

  // The original case is not kept: nothing to undo. The index stays, as it was before.
  public async down(): Promise<void> {}
}
