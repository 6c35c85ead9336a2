import { randomUUID } from 'node:crypto';
import type { Deps } from '../deps.js';
import { projectFor, type RequestFields } from '../domain/request.js';
import { projectForType, type RequestType } from '../domain/request-types.js';
import type { TypedRequest } from '../domain/typed-request.js';
import type { NewRequest, RequestRecord } from '../store/requests-repo.js';

/**
 * The marker a retry searches GitLab for: 16 hex digits (62 random bits), as before. NOTE: from randomUUID,
 * which draws on a cached entropy pool; randomBytes makes a system call each time (~15 µs on the
 * submission's acknowledgement path).
 */
export function newMarker(): string {
  return `prodsec-bot-${randomUUID().replace(/-/g, '').slice(-16)}`;
}

export interface Submission {
  /** The Slack view id: a second submission of the same view files nothing new. */
  sourceKey: string;
  fields: RequestFields;
  requesterId: string;
  teamId: string | null;
  channelId: string | null;
}

/**
 * Saves a request before anything talks to GitLab: from here on it cannot be lost, and the outbox
 * files it exactly once (it adopts saved requests at the start of its next pass, see
 * `createRequestAdopter`). One row, written on the acknowledgement path; a second submission of the
 * same view saves nothing new.
 */
export function submitRequest(deps: Deps, s: Submission): { record: RequestRecord; created: boolean } {
  return saveForFiling(deps, {
    sourceKey: s.sourceKey,
    fields: s.fields,
    requesterId: s.requesterId,
    teamId: s.teamId,
    channelId: s.channelId,
    project: projectFor(s.fields.kind, {
      internal: deps.config.GITLAB_INTERNAL_PROJECT,
      product: deps.config.GITLAB_PRODUCT_PROJECT,
    }),
    // The marker lets a retry find an issue GitLab created although its answer never arrived.
    marker: newMarker(),
  });
}

/** Saves the request row and wakes the outbox, whose next pass adopts it as a filing job. */
function saveForFiling(deps: Deps, req: NewRequest): { record: RequestRecord; created: boolean } {
  const saved = deps.store.requests.insert(req, deps.clock());
  if (saved.created) void deps.outbox.kick();
  return saved;
}

export interface TypedSubmission {
  /** The Slack view id (or the workflow step's execution id): a second submission files nothing new. */
  sourceKey: string;
  type: RequestType;
  request: TypedRequest;
  requesterId: string;
  teamId: string | null;
  channelId: string | null;
  supportThreadUrl?: string | null;
}

/** Saves a request of a type that files an issue, exactly as `submitRequest` does for the requests of before types. */
export function submitTypedRequest(
  deps: Deps,
  s: TypedSubmission,
): { record: RequestRecord; created: boolean } {
  const project = projectForType(s.type, {
    internal: deps.config.GITLAB_INTERNAL_PROJECT,
    product: deps.config.GITLAB_PRODUCT_PROJECT,
  });
  if (project === undefined) throw new Error(`request type ${s.type.id} files no issue`);
  return saveForFiling(deps, {
    sourceKey: s.sourceKey,
    typed: s.request,
    kind: s.type.target === 'internal' ? 'internal' : 'product',
    supportThreadUrl: s.supportThreadUrl ?? null,
    requesterId: s.requesterId,
    teamId: s.teamId,
    channelId: s.channelId,
    project,
    marker: newMarker(),
  });
}
