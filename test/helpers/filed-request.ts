import type { Deps } from '../../src/deps.js';
import type { RequestRecord } from '../../src/store/requests-repo.js';

let seq = 0;

/** A request as if filed through the bot: saved, then marked filed as `project#iid`. */
export function fileRequest(
  deps: Deps,
  opts: {
    project: string;
    iid: number;
    requesterId: string;
    title?: string;
    url?: string;
    at?: number;
    confidential?: boolean;
  },
): RequestRecord {
  seq += 1;
  const at = opts.at ?? deps.clock();
  const { record } = deps.store.requests.insert(
    {
      sourceKey: `test:${seq}:${Math.random()}`,
      fields: {
        title: opts.title ?? `Request ${seq}`,
        kind: 'product',
        problem: 'p',
        currentProcess: '',
        desiredOutcome: 'o',
        definitionOfDone: 'd',
        requestingTeam: 't',
        links: [],
        confidential: opts.confidential ?? false,
      },
      requesterId: opts.requesterId,
      teamId: 'T1',
      channelId: null,
      project: opts.project,
      marker: `m-${seq}`,
    },
    at,
  );
  deps.store.requests.markFiled(
    record.id,
    opts.iid,
    opts.url ?? `https://gitlab.example/${opts.project}/-/issues/${opts.iid}`,
    at,
  );
  return deps.store.requests.get(record.id) as RequestRecord;
}

/** A Slack message flagged into an existing issue, linked (as the candidates feature stores it). */
export function flagMessage(deps: Deps, opts: { project: string; iid: number; flaggerId: string }): void {
  seq += 1;
  const issueKey = `${opts.project.toLowerCase()}#${opts.iid}`;
  const { record } = deps.store.flags.insert(
    {
      sourceKey: `flag:${seq}:${Math.random()}`,
      channelId: 'CFLAG',
      messageTs: `${seq}.0001`,
      threadTs: `${seq}.0001`,
      permalink: null,
      flaggerId: opts.flaggerId,
      fields: { mode: 'existing', message: 'look', notes: '', ref: { project: opts.project, iid: opts.iid } },
      project: opts.project,
      iid: opts.iid,
      issueKey,
      marker: `flag-${seq}`,
    },
    deps.clock(),
  );
  deps.store.flags.markLinked(record.id, { iid: opts.iid, issueKey, url: 'https://x' }, deps.clock());
}
