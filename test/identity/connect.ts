// Connecting a Slack user to a fake GitLab account through the real flow: /prodsec connect,
// the browser at GitLab's /oauth/authorize, then the bot's callback.
import { CALLBACK_PATH } from '../../src/identity/index.js';
import { OAUTH_APP } from '../fakes/gitlab-oauth.js';
import type { FakeUser } from '../fakes/gitlab-store.js';
import { type Harness, startHarness } from '../helpers/harness.js';

export const PUBLIC_URL = 'https://prodsec-bot.example.test';
export const ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');

export function identityEnv(): Record<string, string> {
  return {
    PUBLIC_URL,
    GITLAB_OAUTH_CLIENT_ID: OAUTH_APP.clientId,
    GITLAB_OAUTH_CLIENT_SECRET: OAUTH_APP.clientSecret,
    TOKEN_ENCRYPTION_KEY: ENCRYPTION_KEY,
  };
}

/** A clock the test moves forward; starts at the real time so the fakes agree with it. */
export function testClock() {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance(ms: number) {
      offset += ms;
    },
  };
}

export async function startIdentityHarness(
  env: Record<string, string> = {},
  opts: { clock?: () => number } = {},
): Promise<Harness> {
  const h = await startHarness({ ...identityEnv(), ...env }, opts);
  h.gitlab.oauth.registerApp({ ...OAUTH_APP, redirectUri: `${PUBLIC_URL}${CALLBACK_PATH}` });
  return h;
}

/** A GitLab user and the Slack user with the same email. */
export function person(
  h: Harness,
  slackUser: string,
  username: string,
  email = `${username}@example.com`,
): FakeUser {
  h.slack.userEmails.set(slackUser, email);
  return h.gitlab.addUser({ username, email });
}

interface Element {
  url?: string;
  action_id?: string;
}

/** The interactive elements of a list of blocks. */
export function elementsOf(blocks: unknown): Element[] {
  return ((blocks ?? []) as Array<{ elements?: Element[] }>).flatMap((b) => b.elements ?? []);
}

/** The GitLab consent URL from `/prodsec connect`'s private answer. */
export function connectUrlOf(body: unknown): string {
  const url = elementsOf((body as { blocks?: unknown } | undefined)?.blocks).find((e) => e.url)?.url;
  if (!url) throw new Error(`no connect link in ${JSON.stringify(body)}`);
  return url;
}

export async function startConnect(h: Harness, slackUser: string): Promise<string> {
  const res = await h.command('connect', { user: slackUser });
  return connectUrlOf(res.body);
}

export interface Page {
  status: number;
  html: string;
  headers: Headers;
  /** The callback URL the browser was sent to (as GitLab made it). */
  callback: string;
}

/** Sends the callback URL (PUBLIC_URL/…) to the bot's own port, as a reverse proxy would. */
export async function openCallback(h: Harness, callback: string): Promise<Page> {
  const u = new URL(callback);
  const local = new URL(h.url);
  const res = await fetch(`${local.origin}${u.pathname}${u.search}`);
  return { status: res.status, html: await res.text(), headers: res.headers, callback };
}

/** The browser, signed in to GitLab as `user`, opens the consent URL and follows the redirect. */
export async function consentAs(h: Harness, authorizeUrl: string, user: FakeUser): Promise<Page> {
  h.gitlab.oauth.signIn(user);
  const res = await fetch(authorizeUrl, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`GitLab did not redirect: ${res.status}`);
  return openCallback(h, location);
}

export async function connect(h: Harness, slackUser: string, user: FakeUser): Promise<Page> {
  const page = await consentAs(h, await startConnect(h, slackUser), user);
  if (page.status !== 200) throw new Error(`connect failed: ${page.status} ${page.html}`);
  return page;
}

/** What the bot sent to a user's DM (the fake Slack files a post to U… under D…). */
export function dmsTo(h: Harness, slackUser: string): string[] {
  const dm = `D${slackUser.slice(1)}`;
  return h.slack.messages.filter((m) => m.channel === dm).map((m) => m.text ?? '');
}
