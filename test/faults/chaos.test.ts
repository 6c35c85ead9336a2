import { afterEach, describe, expect, it } from 'vitest';
import { decisionNoteMarker } from '../../src/domain/decision.js';
import { refinementNoteMarker } from '../../src/domain/refinement-note.js';
import { ids } from '../../src/slack/ids.js';
import { mulberry32 } from '../fakes/slack-api.js';
import { flagSubmission, TEAM } from '../helpers/candidates.js';
import { ESC_CHANNEL, escalationEnv } from '../helpers/escalations.js';
import { type Harness, INTERNAL, PRODUCT, startHarness } from '../helpers/harness.js';
import { finishPayload, openChecklist } from '../helpers/refine-form.js';
import { requestSubmission } from '../helpers/request-form.js';
import { waitFor } from '../helpers/slack-request.js';

/**
 * Several hundred mixed operations while the fake GitLab and fake Slack fail, stall and
 * rate-limit at random (seeded: CHAOS_SEED=n replays a run). Afterwards every accepted
 * operation reached GitLab exactly once, every user was told, and the audit log is complete.
 */
const SEED = Number(process.env.CHAOS_SEED ?? 20261123);
const COUNTS = { requests: 140, flags: 40, decisions: 40, escalations: 30, refinements: 20 };

type Op = () => Promise<void>;

describe(`chaos (seed ${SEED})`, () => {
  let h: Harness;
  afterEach(async () => {
    h.gitlab.chaos(null);
    h.slack.chaos(null);
    await h.close();
  });

  it('loses nothing, doubles nothing, tells everyone and audits every decision', async () => {
    h = await startHarness({ ...escalationEnv, TEAM_SLACK_USER_IDS: TEAM, GITLAB_TIMEOUT_MS: '800' });
    const rand = mulberry32(SEED);

    // Existing issues to decide on and to refine, and refinement checklists opened before the storm.
    const toDecide = Array.from({ length: COUNTS.decisions }, (_, i) =>
      h.gitlab.seedIssue(PRODUCT, {
        title: `Decide ${i}`,
        labels: ['ProdSecEng Candidate', 'group::authentication'],
      }),
    );
    const toRefine = Array.from({ length: COUNTS.refinements }, (_, i) =>
      h.gitlab.seedIssue(PRODUCT, {
        title: `Refine ${i}`,
        labels: ['ProdSecEng Candidate', 'workflow::validation backlog'],
      }),
    );
    const checklists = [];
    for (const issue of toRefine) checklists.push(await openChecklist(h, `${PRODUCT}#${issue.iid}`, TEAM));

    h.gitlab.chaos({
      seed: SEED,
      failRate: 0.1,
      rateLimitRate: 0.05,
      stallRate: 0.03,
      stallMs: 1000,
      afterCommitRate: 0.05,
    });
    h.slack.chaos({ seed: SEED + 1, failRate: 0.08, rateLimitRate: 0.03, stallRate: 0.02, stallMs: 200 });

    const accepted = {
      requests: [] as string[],
      flags: [] as string[],
      decisions: [] as number[],
      escalations: [] as string[],
    };
    const ops: Op[] = [];
    for (let i = 0; i < COUNTS.requests; i++) {
      ops.push(async () => {
        const user = `UR${i % 17}`;
        const res = await h.submitView(
          requestSubmission({ title: `Chaos request ${i}` }, { userId: user, viewId: `VREQ${i}` }),
        );
        if (res.status === 200 && res.body?.response_action === 'update')
          accepted.requests.push(`Chaos request ${i}`);
      });
    }
    for (let i = 0; i < COUNTS.flags; i++) {
      ops.push(async () => {
        const ts = `1700000${String(i).padStart(3, '0')}.000100`;
        const res = await h.submitView(
          flagSubmission(
            { title: `Chaos flag ${i}`, message: `Flagged message ${i}` },
            { userId: `UF${i % 5}`, ts, channelId: 'CFLAG' },
          ),
        );
        if (res.status === 200 && !res.body?.errors) accepted.flags.push(`Chaos flag ${i}`);
      });
    }
    toDecide.forEach((issue, i) => {
      ops.push(async () => {
        const res = await h.action({
          actionId: ids.candidates.takeOn,
          value: `${PRODUCT}#${issue.iid}`,
          userId: TEAM,
        });
        if (res.status === 200) accepted.decisions.push(issue.iid);
        void i;
      });
    });
    for (let i = 0; i < COUNTS.escalations; i++) {
      ops.push(async () => {
        const res = await h.command(`urgent https://example.com/incident/${i} Chaos escalation ${i}`, {
          user: `UE${i % 3}`,
        });
        if (res.status === 200) accepted.escalations.push(`https://example.com/incident/${i}`);
      });
    }
    const finishAcks = new Map<string, number>();
    checklists.forEach((view) => {
      ops.push(async () => {
        const res = await h.submitView(finishPayload(view, {}, TEAM));
        finishAcks.set(view.id, res.status);
      });
    });

    // Seeded shuffle, then run a few at a time, as a busy workspace would.
    for (let i = ops.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [ops[i], ops[j]] = [ops[j] as Op, ops[i] as Op];
    }
    for (let i = 0; i < ops.length; i += 8) await Promise.all(ops.slice(i, i + 8).map((op) => op()));

    // Acknowledge every escalation once its post is out (the storm is still on).
    const deps = h.bot.deps;
    await waitFor(
      () => deps.store.escalations.listOpen().every((e) => e.messageTs),
      60_000,
      'escalation posts',
    );
    const escalations = deps.store.escalations.listOpen();
    for (const e of escalations) {
      await h.action({
        actionId: ids.escalation.acknowledge,
        value: e.ref,
        // A lead (ESCALATION_LEAD_USER_IDS): acknowledging is for responders, and a lead needs no lookup under chaos.
        userId: 'ULEAD1',
        channelId: ESC_CHANNEL,
        messageTs: e.messageTs ?? '',
      });
    }

    // The storm really happened: errors, rate limits and lost answers on both sides.
    const gitlabFaults = h.gitlab.calls.filter((c) => c.status >= 429 || c.status === 0).length;
    const slackFaults = h.slack.calls.filter((c) => c.fault !== undefined).length;
    expect(gitlabFaults).toBeGreaterThan(20);
    expect(slackFaults).toBeGreaterThan(10);

    // Calm: everything queued must now drain.
    h.gitlab.chaos(null);
    h.slack.chaos(null);
    await waitFor(
      () => {
        void deps.outbox.kick();
        return deps.store.outbox.stats().depth === 0;
      },
      90_000,
      'the outbox to drain',
    );
    const dead = deps.store.db.prepare("SELECT kind, last_error FROM outbox WHERE status = 'dead'").all();
    expect(dead).toEqual([]);

    const opCount =
      COUNTS.requests + COUNTS.flags + COUNTS.decisions + COUNTS.escalations * 2 + COUNTS.refinements;
    expect(opCount).toBeGreaterThanOrEqual(300);
    const issues = h.gitlab.issues();
    const titled = (t: string) => issues.filter((i) => i.title === t);

    // Requests: every accepted one is one issue, and its requester was told where it lives.
    expect(accepted.requests).toHaveLength(COUNTS.requests);
    for (const title of accepted.requests) expect(titled(title), title).toHaveLength(1);
    for (const r of deps.store.db.prepare('SELECT id FROM requests').all() as Array<{ id: number }>) {
      const req = deps.store.requests.get(r.id)!;
      expect(req.status, req.ref).toBe('filed');
      const told = h.slack.messages.filter(
        (m) => m.channel === `D${req.requesterId.slice(1)}` && m.text?.includes(`${req.ref} is filed`),
      );
      expect(told, req.ref).toHaveLength(1);
    }

    // Flags: one issue each, and a reply in the flagged message's thread.
    expect(accepted.flags).toHaveLength(COUNTS.flags);
    for (const title of accepted.flags) expect(titled(title), title).toHaveLength(1);
    for (let i = 0; i < COUNTS.flags; i++) {
      const ts = `1700000${String(i).padStart(3, '0')}.000100`;
      const replies = h.slack.messages.filter((m) => m.thread_ts === ts);
      expect(replies.length, `thread reply for flag ${i}`).toBeGreaterThanOrEqual(1);
    }

    // Decisions: labels applied and exactly one note each; every one audited.
    expect(accepted.decisions).toHaveLength(COUNTS.decisions);
    const decisions = deps.store.db.prepare('SELECT id, iid, status FROM decisions').all() as Array<{
      id: number;
      iid: number;
      status: string;
    }>;
    expect(decisions).toHaveLength(COUNTS.decisions);
    for (const d of decisions) {
      expect(d.status).toBe('applied');
      expect(h.gitlab.issue(PRODUCT, d.iid)!.labels).toContain('team::Product Security Engineering');
      expect(
        h.gitlab.notes(PRODUCT, d.iid).filter((n) => n.body.includes(decisionNoteMarker(d.id))),
      ).toHaveLength(1);
    }

    // Refinements: each finish is applied once, or (when GitLab could not be read to check the
    // issue) the member was shown the "apply anyway?" question instead and nothing was written.
    const refinements = deps.store.db.prepare('SELECT id, iid, state FROM refinements').all() as Array<{
      id: number;
      iid: number;
      state: string;
    }>;
    expect(refinements).toHaveLength(COUNTS.refinements);
    expect([...finishAcks.values()].every((status) => status === 200)).toBe(true);
    let applied = 0;
    for (const r of refinements) {
      const issue = h.gitlab.issue(PRODUCT, r.iid)!;
      const notes = h.gitlab.notes(PRODUCT, r.iid).filter((n) => n.body.includes(refinementNoteMarker(r.id)));
      if (r.state === 'draft') {
        const view = checklists.find((v) => JSON.parse(v.private_metadata).id === r.id);
        expect(h.slack.callsTo('views.update').some((c) => c.args.view_id === view.id)).toBe(true);
        expect(notes).toHaveLength(0);
        expect(issue.weight).toBeNull();
        continue;
      }
      applied++;
      expect(r.state).toBe('applied');
      expect(issue.weight).toBe(3);
      expect(issue.labels).toContain('workflow::ready for development');
      expect(issue.labels).not.toContain('workflow::validation backlog');
      expect(notes).toHaveLength(1);
    }
    expect(applied).toBeGreaterThan(COUNTS.refinements / 2);

    // Escalations: posted once each, acknowledged, escalators told.
    expect(escalations).toHaveLength(COUNTS.escalations);
    const posts = h.slack.messages.filter((m) => m.channel === ESC_CHANNEL && !m.thread_ts);
    expect(posts).toHaveLength(COUNTS.escalations);
    for (const e of escalations) expect(deps.store.escalations.get(e.id)!.state).toBe('acknowledged');

    // The audit log holds every decision, refinement and escalation step.
    const audit = deps.store.audit.all();
    const count = (action: string) => audit.filter((a) => a.action === action).length;
    expect(count('triage.take_on')).toBeGreaterThanOrEqual(COUNTS.decisions);
    expect(count('refine.finish')).toBe(applied);
    expect(count('escalation.escalate')).toBe(COUNTS.escalations);
    expect(count('escalation.acknowledge')).toBe(COUNTS.escalations);

    // Nothing ran as a quick action, and the requests went to the right project.
    expect(h.gitlab.quickActionsExecuted).toEqual([]);
    expect(h.gitlab.issues(INTERNAL).filter((i) => i.title.startsWith('Chaos request'))).toHaveLength(
      COUNTS.requests,
    );
  }, 180_000);
});
