/**
 * A table's shape, stated once: which column each field of a repository's row is read from.
 * The compiler checks the map against the row type (every field, no extra ones); the SELECT
 * aliases each column to its field, so rows come back already shaped like the record.
 */
export type Columns<Row> = { readonly [K in keyof Row]-?: string };

/** `source_key AS sourceKey, title, ...` for a SELECT list. */
export function selectList<Row>(columns: Columns<Row>): string {
  return Object.entries(columns as Record<string, string>)
    .map(([field, column]) => (field === column ? column : `${column} AS ${field}`))
    .join(', ');
}
