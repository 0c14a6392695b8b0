import { getMetadataArgsStorage } from 'typeorm';

/** The table columns a TypeORM entity declares, in declaration order: what a plain-SQL column list must match. */
export function entityColumns(entity: object): string[] {
  return getMetadataArgsStorage()
    .columns.filter((c) => c.target === entity)
    .map((c) => c.options.name ?? c.propertyName);
}

/** A column list as the repositories write it in SQL (`a, b,\n  c`). */
export const columnList = (sql: string) => sql.split(',').map((c) => c.trim());
