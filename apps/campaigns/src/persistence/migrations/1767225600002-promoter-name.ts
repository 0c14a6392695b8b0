import { MigrationInterface, QueryRunner } from 'typeorm';

export class PromoterName1767225600002 implements MigrationInterface {
  name = 'PromoterName1767225600002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE campaigns.campaigns ADD COLUMN promoter_name text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE campaigns.campaigns DROP COLUMN promoter_name`);
  }
}
