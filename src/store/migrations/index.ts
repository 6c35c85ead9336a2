import { m001Core } from './001-core.js';

export interface Migration {
  version: number;
  sql: string;
}

/** Numbered migrations, applied in order at start-up. Add a file per change; never edit an applied one. */
export const migrations: Migration[] = [m001Core];
