import type { ConnectOutcome, Identity } from '../identity/index.js';
import { CALLBACK_PATH } from '../identity/index.js';
import type { HttpRoute } from './receiver.js';

const escapeHtml = (s: string) => s.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, message: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title></head>
<body><p>${escapeHtml(message)}</p></body></html>
`;
}

/** Nothing from the query string is echoed: only the GitLab username of a completed link. */
export function renderOutcome(o: ConnectOutcome): { status: number; html: string } {
  switch (o.kind) {
    case 'linked':
      return {
        status: 200,
        html: page('Connected', `Connected as @${o.username}. You can close this tab.`),
      };
    case 'bad-state':
      return {
        status: 400,
        html: page(
          'Link expired',
          'This link is unknown, already used or expired. Run /prodsec connect in Slack for a new one.',
        ),
      };
    case 'denied':
      return {
        status: 400,
        html: page('Not connected', 'Nothing was linked: access was not allowed in GitLab.'),
      };
    case 'email-mismatch':
      return {
        status: 403,
        html: page(
          'Not connected',
          'Nothing was linked: the email of this GitLab account is not the email of the Slack account that asked. Run /prodsec connect in Slack yourself and sign in to GitLab as you.',
        ),
      };
    case 'failed':
      return {
        status: 502,
        html: page('Not connected', 'GitLab could not be reached. Run /prodsec connect in Slack again.'),
      };
  }
}

/** GET PUBLIC_URL/oauth/gitlab/callback: where GitLab sends the browser after consent. */
export function oauthCallbackRoute(identity: () => Identity): HttpRoute {
  return {
    method: 'GET',
    path: CALLBACK_PATH,
    async handle(req, _res, tools) {
      const q = new URL(req.url ?? '/', 'http://localhost').searchParams;
      const one = (k: string) => q.get(k) ?? undefined;
      const outcome = await identity().completeConnect({
        code: one('code'),
        state: one('state'),
        error: one('error'),
      });
      const { status, html } = renderOutcome(outcome);
      tools.send(status, html, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'",
        'referrer-policy': 'no-referrer',
      });
    },
  };
}
