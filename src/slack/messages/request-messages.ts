import type { KnownBlock } from '@slack/types';
import type { RequestRecord, RequestStatus } from '../../store/requests-repo.js';
import { context, section } from '../blocks.js';
import { escapeMrkdwn, link, safeText } from '../escape.js';
import { buildEscalateRequestActions } from './escalate-button.js';
import { linesToSections } from './lines.js';

export interface SlackMessage {
  text: string;
  blocks?: KnownBlock[];
}

const STATUS_TEXT: Record<RequestStatus, string> = {
  saved: 'saved, being filed',
  filed: 'filed',
  retrying: 'failed, will retry',
  failed: 'could not be filed',
};

export function describeStatus(r: RequestRecord): string {
  return STATUS_TEXT[r.status];
}

function issueLink(r: RequestRecord): string {
  return r.issueUrl ? link(r.issueUrl, `${r.project}#${r.issueIid}`) : '_no issue yet_';
}

export function buildFiledMessage(r: RequestRecord): SlackMessage {
  const title = safeText(r.title, 300);
  return {
    text: `Your request ${r.ref} is filed in GitLab: ${r.issueUrl ?? ''}`,
    blocks: [
      section(`:white_check_mark: Filed as *${r.ref}*: ${issueLink(r)}\n>${title}`),
      context(
        'The team reviews new candidates during refinement. You will hear from this bot when it is decided.',
      ),
      buildEscalateRequestActions(r.ref),
    ],
  };
}

export function buildSavedWillRetryMessage(r: RequestRecord): SlackMessage {
  return {
    text: `Your request ${r.ref} is saved; GitLab is unavailable right now, so it will be filed automatically.`,
    blocks: [
      section(
        `:hourglass_flowing_sand: *${r.ref}* is saved. GitLab is not answering right now, so the bot will file it ` +
          `automatically and message you the link. Nothing is lost.\n>${safeText(r.title, 300)}`,
      ),
    ],
  };
}

export function buildFilingFailedMessage(r: RequestRecord, reason: string): SlackMessage {
  return {
    text: `Your request ${r.ref} could not be filed: ${escapeMrkdwn(reason)}`,
    blocks: [
      section(
        `:warning: *${r.ref}* could not be filed in GitLab: ${escapeMrkdwn(reason)}.\n` +
          'It is kept; the ProdSec team has the details. Please reach out in the team channel if it is urgent.',
      ),
    ],
  };
}

export function buildRequestList(requests: RequestRecord[]): SlackMessage {
  if (requests.length === 0) {
    return { text: 'You have no requests yet. Start one with `/prodsec request`.' };
  }
  const lines = requests.map(
    (r) =>
      `• *${r.ref}* ${safeText(r.title, 120)}: ${describeStatus(r)}${r.issueUrl ? ` · ${issueLink(r)}` : ''}`,
  );
  return {
    text: `You have ${requests.length} request(s).`,
    blocks: linesToSections('*Your requests*', lines),
  };
}

export function buildRequestStatus(r: RequestRecord): SlackMessage {
  const when = new Date(r.createdAt).toISOString().replace('T', ' ').slice(0, 16);
  return {
    text: `${r.ref}: ${describeStatus(r)}`,
    blocks: [
      section(`*${r.ref}* ${safeText(r.title, 500)}\nStatus: *${describeStatus(r)}*\nIssue: ${issueLink(r)}`),
      context(
        `Requested by <@${r.requesterId}> on ${when} UTC · ${r.kind === 'internal' ? 'internal' : 'product'} project`,
      ),
    ],
  };
}
