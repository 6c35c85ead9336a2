import { attachHooks, type FakeHooks } from '../fakes/gitlab-hooks.js';
import { dmsTo } from '../helpers/candidates.js';
import { type Harness, INTERNAL, startHarness } from '../helpers/harness.js';
import { requestSubmission } from '../helpers/request-form.js';
import { waitFor } from '../helpers/slack-request.js';

export const HOOK_SECRET = 'gl-hook-secret-0123456789';
export const SIGNING_TOKEN = `whsec_${Buffer.from('signing-key-for-tests-0123456789').toString('base64')}`;
export const OPS = 'COPS';

export interface WebhookHarness {
  h: Harness;
  hooks: FakeHooks;
  hookUrl(): string;
  /** Waits until every hook was answered and the outbox has nothing due. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** The real bot with its GitLab webhook configured, and the fake GitLab sending hooks to it. */
export async function startWebhookHarness(env: Record<string, string> = {}): Promise<WebhookHarness> {
  const h = await startHarness({ GITLAB_WEBHOOK_SECRET: HOOK_SECRET, OPS_CHANNEL: OPS, ...env });
  const hookUrl = () => h.url.replace('/slack/events', '/gitlab/webhook');
  const hooks = attachHooks(h.gitlab, {
    target: hookUrl,
    secret: HOOK_SECRET,
    signingToken: env.GITLAB_WEBHOOK_SIGNING_TOKEN,
  });
  const settle = async () => {
    await hooks.idle();
    await waitFor(() => h.bot.deps.store.outbox.stats().depth === 0 || null, 8000, 'outbox drained');
    await h.idle();
  };
  return {
    h,
    hooks,
    hookUrl,
    settle,
    async close() {
      hooks.detach();
      await h.close();
    },
  };
}

/** Files a request through Slack as `user` and waits until it is an issue; returns the fake issue. */
export async function fileThroughBot(
  w: WebhookHarness,
  opts: { user?: string; confidential?: boolean; title?: string } = {},
) {
  const { h } = w;
  const before = h.gitlab.issues(INTERNAL).length;
  await h.submitView(
    requestSubmission(
      {
        confidential: opts.confidential ?? false,
        title: opts.title ?? 'Automate dependency scanning triage',
      },
      { userId: opts.user ?? 'U1' },
    ),
  );
  await waitFor(() => h.gitlab.issues(INTERNAL).length === before + 1, 5000, 'issue filed');
  const issue = h.gitlab.issues(INTERNAL)[before]!;
  await waitFor(
    () => h.bot.deps.store.requests.findByIssue(INTERNAL, issue.iid)?.status === 'filed',
    5000,
    'request filed',
  );
  await w.settle();
  return issue;
}

/** DMs to a user about changes on their issue (not the filing confirmation). */
export const changeDms = (h: Harness, user: string) =>
  dmsTo(h, user).filter(
    (m) =>
      /^(Your request R-\d+|The issue you flagged)/.test(m.text ?? '') && !/ is filed/.test(m.text ?? ''),
  );
