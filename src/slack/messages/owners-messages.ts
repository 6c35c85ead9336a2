import { OWNERS_USAGE } from '../../domain/owners.js';
import type { OwnersRecord } from '../../store/owners-repo.js';
import { escapeMrkdwn } from '../escape.js';
import { linesToSections } from './lines.js';
import type { SlackMessage } from './request-messages.js';

const handles = (usernames: string[]) => usernames.map((u) => `@${escapeMrkdwn(u)}`).join(' ');

export function buildOwnersUsage(problem?: string): SlackMessage {
  const text =
    `${problem ? `:thinking_face: ${escapeMrkdwn(problem)}\n` : ''}` +
    `Usage: ${OWNERS_USAGE}, \`/prodsec owners list\`, \`/prodsec owners remove group::<name>\`.\n` +
    'Owners are GitLab usernames; the bot mentions them on the issue when the team takes on or declines work of their group.';
  return { text };
}

export function buildOwnersList(records: OwnersRecord[]): SlackMessage {
  if (records.length === 0)
    return { text: `No group owners are recorded yet. Add some with ${OWNERS_USAGE} (team only).` };
  const lines = records.map(
    (r) =>
      `• \`${escapeMrkdwn(r.groupLabel)}\`: ${handles(r.usernames)} _(set by <@${r.updatedBy}> ${new Date(r.updatedAt).toISOString().slice(0, 10)})_`,
  );
  return {
    text: `${records.length} group(s) with owners.`,
    blocks: linesToSections('*Group owners (PM/EM)*', lines),
  };
}

export function buildOwnersSet(groupLabel: string, usernames: string[]): SlackMessage {
  return {
    text: `:white_check_mark: \`${escapeMrkdwn(groupLabel)}\` is owned by ${handles(usernames)}. They are mentioned on its issues when the team decides.`,
  };
}

export function buildOwnersRemoved(groupLabel: string, removed: boolean): SlackMessage {
  return {
    text: removed
      ? `:wastebasket: Forgot the owners of \`${escapeMrkdwn(groupLabel)}\`; nobody is pinged for it now.`
      : `No owners were recorded for \`${escapeMrkdwn(groupLabel)}\`; nothing changed.`,
  };
}
