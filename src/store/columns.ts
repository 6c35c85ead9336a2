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

/** An error as kept in a `last_error` column: the start of it, so one long answer cannot bloat a row. */
export const storedError = (message: string): string => message.slice(0, 500);

/** A column the record does not hold as SQLite stores it (JSON text, 0/1): where it is, and how to read it. */
export interface DecodedColumn<V> {
  column: string;
  read(raw: unknown): V;
}

/** JSON text; `nullable` reads a NULL (or empty) column as null. */
export function jsonColumn<V>(column: string): DecodedColumn<V> {
  return { column, read: (raw) => JSON.parse(raw as string) as V };
}

export function nullableJsonColumn<V>(column: string): DecodedColumn<V | null> {
  return { column, read: (raw) => (raw ? (JSON.parse(raw as string) as V) : null) };
}

/** 0/1 as a boolean. */
export function booleanColumn(column: string): DecodedColumn<boolean> {
  return { column, read: (raw) => raw === 1 };
}

export type RecordColumns<Rec> = { readonly [K in keyof Rec]-?: string | DecodedColumn<Rec[K]> };

/**
 * A repository's record stated once: each field's column, and how the columns that need it are
 * read back. `select` is the SELECT list (aliased, so a row comes back shaped like the record);
 * `toRecord` decodes one selected row, `read` one that may be missing.
 */
export function recordTable<Rec>(columns: RecordColumns<Rec>) {
  const entries = Object.entries(columns as Record<string, string | DecodedColumn<unknown>>);
  const select = selectList(
    Object.fromEntries(entries.map(([field, c]) => [field, typeof c === 'string' ? c : c.column])),
  );
  const decoders = entries.flatMap(([field, c]) => (typeof c === 'string' ? [] : [[field, c.read] as const]));
  const toRecord = (row: unknown): Rec => {
    const record: Record<string, unknown> = { ...(row as Record<string, unknown>) };
    for (const [field, read] of decoders) record[field] = read(record[field]);
    return record as Rec;
  };
  return {
    select,
    toRecord,
    read: (row: unknown): Rec | undefined => (row ? toRecord(row) : undefined),
  };
}
