import type { Deps } from '../../deps.js';
import { DEFAULT_REQUEST_TYPES, findRequestType, type RequestType } from '../../domain/request-types.js';
import { dueDateFor } from '../../domain/typed-request-issue.js';
import { disclosureFor } from '../../domain/visibility.js';
import { isGitLabError } from '../../gitlab/errors.js';
import { buildClaimedNotice, buildRequestAnnouncement } from '../../slack/messages/intake-messages.js';
import { deliverPost } from '../../slack/post.js';
import { writeTx } from '../../store/db.js';
import type { RequestRecord } from '../../store/requests-repo.js';
import { defineJob } from '../define-job.js';
import { writeAsPerson } from './act-as.js';
import { enqueue, JOB_KINDS } from './kinds.js';

function typeOf(deps: Deps, req: RequestRecord): RequestType | undefined {
  if (!req.typeId) return undefined;
  return (
    findRequestType(deps.taxonomy.requestTypes, req.typeId) ??
    findRequestType(DEFAULT_REQUEST_TYPES, req.typeId)
  );
}

/**
 * Queues the announcement of a request just filed, when its type has a notifyChannel. Called in the
 * filing transaction; the kind's dedupe key makes it once per request.
 */
export function enqueueAnnouncement(deps: Deps, req: RequestRecord): void {
  if (req.issueIid === null || !typeOf(deps, req)?.notifyChannel) return;
  enqueue(deps, 'request_announce', { requestId: req.id });
}

/**
 * The announcement as the channel may see it. A channel is an audience of many (visibility.ts): a
 * confidential issue, or one of a private or undescribed project, shows its reference and link only.
 */
async function announcementPost(deps: Deps, req: RequestRecord, type: RequestType, claimedBy: string | null) {
  const projectVisibility = await deps.gitlab
    .getProject(req.project)
    .then((p) => p.visibility)
    .catch(() => 'unknown' as const);
  const confidential = req.typed?.confidential ?? req.fields.confidential;
  const shown = disclosureFor(
    { kind: 'channel', teamData: false },
    { confidential, projectVisibility, inScope: true },
  );
  const dueDate = req.typed ? dueDateFor(type, req.typed) : undefined;
  return buildRequestAnnouncement(
    {
      ref: req.ref,
      typeName: type.name,
      title: req.typed?.title ?? req.title,
      requesterId: req.requesterId,
      issueUrl: req.issueUrl ?? '',
      issueRef: `${req.project}#${req.issueIid}`,
      ...(dueDate ? { dueDate } : {}),
      claimable: type.claimable,
      claimedBy,
    },
    shown === 'content' ? 'content' : 'reference',
  );
}

/** Posts the announcement once and remembers where, so a claim can update it in place. */
export const requestAnnounceJob = (deps: Deps) =>
  defineJob({
    kind: 'request_announce',
    payload: JOB_KINDS.request_announce.payload,
    run: async ({ requestId }) => {
      const req = deps.store.requests.get(requestId);
      const type = req ? typeOf(deps, req) : undefined;
      if (!req || !type?.notifyChannel || req.issueIid === null) return;
      const announcement = deps.store.support.recordAnnouncement(
        req.id,
        type.id,
        type.notifyChannel,
        deps.clock(),
      );
      if (announcement.messageTs) return;
      const post = await announcementPost(deps, req, type, announcement.claimedBy);
      const posted = await deliverPost(deps.slack, { channel: announcement.channelId, ...post });
      deps.store.support.setAnnouncementPosted(req.id, posted.ts, deps.clock());
    },
  });

async function slackEmail(deps: Deps, userId: string): Promise<string | null> {
  try {
    const r = await deps.slack.users.info({ user: userId });
    return r.user?.profile?.email ?? null;
  } catch {
    return null;
  }
}

/** The claimer's GitLab user id: their linked account's, else the one GitLab finds by their email. */
async function gitlabUserOf(deps: Deps, slackUserId: string): Promise<number | undefined> {
  const link = deps.identity.linkOf(slackUserId);
  if (link) return link.gitlabUserId;
  const email = await slackEmail(deps, slackUserId);
  return email ? deps.gitlab.findUserIdByEmail(email) : undefined;
}

const NO_GITLAB_USER =
  'No GitLab account could be found for them (no linked account, and no GitLab user with their Slack email), so the issue is not assigned to them in GitLab.';

/**
 * A claim: assigns the claimer in GitLab (as themselves when linked, else with the bot token),
 * updates the announcement to "Claimed by …" without a second Claim, and tells the requester.
 * Assigning is idempotent (an assignee already there is kept), so a retry repeats it safely.
 */
export const requestClaimJob = (deps: Deps) =>
  defineJob({
    kind: 'request_claim',
    payload: JOB_KINDS.request_claim.payload,
    run: async ({ requestId }, { tell }) => {
      const req = deps.store.requests.get(requestId);
      const announcement = deps.store.support.announcement(requestId);
      const type = req ? typeOf(deps, req) : undefined;
      const claimer = announcement?.claimedBy;
      if (!req || !announcement || !claimer || !type || req.issueIid === null) return;
      const iid = req.issueIid;
      const gitlabUserId = await gitlabUserOf(deps, claimer).catch((err: unknown) => {
        if (isGitLabError(err) && (err.isNotFound || err.isForbidden)) return undefined;
        throw err;
      });
      if (gitlabUserId !== undefined)
        await writeAsPerson(deps, claimer, (gitlab) => gitlab.addAssignee(req.project, iid, gitlabUserId));
      const post = await announcementPost(deps, req, type, claimer);
      writeTx(deps.store.db, () => {
        if (announcement.messageTs)
          tell(
            { channel: announcement.channelId, updateTs: announcement.messageTs, ...post },
            'announcement',
          );
        tell(
          {
            channel: req.requesterId,
            ...buildClaimedNotice({
              ref: req.ref,
              title: req.typed?.title ?? req.title,
              issueUrl: req.issueUrl ?? '',
              claimerId: claimer,
              assignedInGitLab: gitlabUserId !== undefined,
              notAssignedReason: NO_GITLAB_USER,
            }),
          },
          'requester',
        );
        if (gitlabUserId === undefined)
          tell(
            {
              channel: claimer,
              text: `You claimed ${req.ref}, but the bot could not assign you in GitLab: no GitLab account was found for you. Connect yours with \`/prodsec connect\`, or assign yourself on ${req.issueUrl ?? 'the issue'}.`,
            },
            'claimer',
          );
      });
    },
  });
