import { describe, expect, it } from 'vitest';
import {
  type AudienceFacts,
  disclosureFor,
  type IssueFacts,
  mayChangeIssue,
  type PersonFacts,
} from '../../src/domain/visibility.js';

const outsider: PersonFacts = { isTeam: false, isAuthor: false, gitlabCanRead: 'unlinked' };
const lookupFailed: PersonFacts = { isTeam: 'unknown', isAuthor: false, gitlabCanRead: 'unlinked' };
const member: PersonFacts = { isTeam: true, isAuthor: false, gitlabCanRead: 'unlinked' };
const requester: PersonFacts = { isTeam: false, isAuthor: true, gitlabCanRead: 'unlinked' };
const linkedReader: PersonFacts = { isTeam: false, isAuthor: false, gitlabCanRead: 'yes' };
const linkedRefused: PersonFacts = { isTeam: false, isAuthor: false, gitlabCanRead: 'no' };

const confidential: IssueFacts = { confidential: true, projectVisibility: 'public', inScope: true };
const privateProject: IssueFacts = { confidential: false, projectVisibility: 'private', inScope: true };
const internalProject: IssueFacts = { confidential: false, projectVisibility: 'internal', inScope: true };
const unknownProject: IssueFacts = { confidential: false, projectVisibility: 'unknown', inScope: true };
const publicIssue: IssueFacts = { confidential: false, projectVisibility: 'public', inScope: true };
const outOfScope: IssueFacts = { confidential: false, projectVisibility: 'public', inScope: false };

const person = (p: PersonFacts): AudienceFacts => ({ kind: 'person', person: p });
const publicChannel: AudienceFacts = { kind: 'channel', teamData: false };
const teamDataChannel: AudienceFacts = { kind: 'channel', teamData: true };

describe('disclosureFor: audience × issue kind', () => {
  const table: Array<[string, AudienceFacts, IssueFacts, ReturnType<typeof disclosureFor>]> = [
    ['outsider, confidential', person(outsider), confidential, 'reference'],
    ['outsider, private project', person(outsider), privateProject, 'reference'],
    ['outsider, internal project', person(outsider), internalProject, 'reference'],
    ['outsider, public issue', person(outsider), publicIssue, 'content'],
    ['outsider, out of scope', person(outsider), outOfScope, 'none'],
    ['lookup failed, confidential', person(lookupFailed), confidential, 'reference'],
    ['lookup failed, private project', person(lookupFailed), privateProject, 'reference'],
    ['team member, confidential', person(member), confidential, 'content'],
    ['team member, private project', person(member), privateProject, 'content'],
    ['team member, out of scope', person(member), outOfScope, 'none'],
    ['requester, own confidential issue', person(requester), confidential, 'content'],
    ['linked reader GitLab lets read', person(linkedReader), confidential, 'content'],
    ['linked person GitLab refuses', person(linkedRefused), confidential, 'reference'],
    ['public channel, confidential', publicChannel, confidential, 'reference'],
    ['team-data channel, confidential', teamDataChannel, confidential, 'reference'],
    ['public channel, private project', publicChannel, privateProject, 'reference'],
    ['team-data channel, private project', teamDataChannel, privateProject, 'content'],
    ['public channel, unknown project', publicChannel, unknownProject, 'reference'],
    ['public channel, public issue', publicChannel, publicIssue, 'content'],
    ['channel, out of scope', teamDataChannel, outOfScope, 'none'],
  ];
  it.each(table)('%s', (_name, audience, issue, expected) => {
    expect(disclosureFor(audience, issue)).toBe(expected);
  });
});

describe('mayChangeIssue', () => {
  it('lets people change only what they may see', () => {
    expect(mayChangeIssue(outsider, confidential)).toBe(false);
    expect(mayChangeIssue(lookupFailed, privateProject)).toBe(false);
    expect(mayChangeIssue(outsider, publicIssue)).toBe(true);
    expect(mayChangeIssue(linkedReader, confidential)).toBe(true);
    expect(mayChangeIssue(member, outOfScope)).toBe(false);
  });
});
