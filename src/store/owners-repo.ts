import type { GroupOwners } from '../domain/owners.js';
import { jsonColumn, recordTable } from './columns.js';
import type { Db } from './db.js';

export interface OwnersRecord extends GroupOwners {
  updatedBy: string;
  updatedAt: number;
}

const ownersTable = recordTable<OwnersRecord>({
  groupLabel: 'group_label',
  usernames: jsonColumn('owners_json'),
  updatedBy: 'updated_by',
  updatedAt: 'updated_at',
});

/** Each product group's PM/EM (GitLab usernames), edited by the team from Slack. Keys are lower case. */
export function createOwnersRepo(db: Db) {
  const upsert = db.prepare(
    `INSERT INTO group_owners (group_label, owners_json, updated_by, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (group_label) DO UPDATE SET owners_json = excluded.owners_json,
       updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
  );
  const one = db.prepare(`SELECT ${ownersTable.select} FROM group_owners WHERE group_label = ?`);
  const all = db.prepare(`SELECT ${ownersTable.select} FROM group_owners ORDER BY group_label`);
  const drop = db.prepare('DELETE FROM group_owners WHERE group_label = ?');
  return {
    set(o: GroupOwners, by: string, now: number): void {
      upsert.run(o.groupLabel.toLowerCase(), JSON.stringify(o.usernames), by, now);
    },
    get(groupLabel: string): OwnersRecord | undefined {
      return ownersTable.read(one.get(groupLabel.toLowerCase()));
    },
    list(): OwnersRecord[] {
      return all.all().map(ownersTable.toRecord);
    },
    remove(groupLabel: string): boolean {
      return drop.run(groupLabel.toLowerCase()).changes === 1;
    },
  };
}

export type OwnersRepo = ReturnType<typeof createOwnersRepo>;
