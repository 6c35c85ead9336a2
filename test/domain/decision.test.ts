import { describe, expect, it } from 'vitest';
import { buildDeclineNote, buildTakeOnNote, planDecline, planTakeOn } from '../../src/domain/decision.js';
import { parseOwnersSet } from '../../src/domain/owners.js';
import { defaultTaxonomy as t, taxonomySchema } from '../../src/domain/taxonomy.js';

describe('triage decisions', () => {
  it('take on adds the team label and Pending, unless a metric is there or one was chosen', () => {
    expect(planTakeOn({ labels: [] }, t, null).addLabels).toEqual([
      t.labels.team,
      'ProdSecEngMetric::Pending',
    ]);
    expect(planTakeOn({ labels: ['ProdSecEngMetric::Sunsetting'] }, t, null).addLabels).toEqual([
      t.labels.team,
    ]);
    expect(planTakeOn({ labels: ['ProdSecEngMetric::Sunsetting'] }, t, 'Paved Road').addLabels).toContain(
      'ProdSecEngMetric::Paved Road',
    );
  });

  it('uses the configured label names (a renamed taxonomy)', () => {
    const renamed = taxonomySchema.parse({
      labels: { team: 'team::appsec-eng' },
      metric: { prefix: 'metric::' },
    });
    expect(planTakeOn({ labels: [] }, renamed, null).addLabels).toEqual([
      'team::appsec-eng',
      'metric::Pending',
    ]);
  });

  it('decline removes the team and candidate labels and seeks the community only on public issues', () => {
    expect(planDecline({ confidential: false }, t, true)).toEqual({
      addLabels: [t.labels.seekingCommunity],
      removeLabels: [t.labels.team, t.labels.candidate],
      communitySkipped: false,
    });
    expect(planDecline({ confidential: true }, t, true)).toMatchObject({
      addLabels: [],
      communitySkipped: true,
    });
  });

  it('notes mention the owners only when known, and quote the reason so it cannot run quick actions', () => {
    expect(buildTakeOnNote({ groupLabel: 'group::a', owners: ['pm'], actor: 'U1' })).toMatch(/^@pm: /);
    expect(buildTakeOnNote({ owners: [], actor: 'U1' })).toContain('the issue has no group label');
    const decline = buildDeclineNote({ reason: 'no\n/close', owners: [], community: false, actor: 'U1' });
    expect(decline).toContain('> no\n> /close');
    expect(decline).not.toMatch(/^\/close/m);
  });
});

describe('owners', () => {
  it('parses a group with spaces and GitLab usernames', () => {
    expect(parseOwnersSet('group::Threat Insights @a.b @c-d @a.b', 'group::')).toEqual({
      ok: true,
      owners: { groupLabel: 'group::threat insights', usernames: ['a.b', 'c-d'] },
    });
    expect(parseOwnersSet('authn @x', 'group::')).toMatchObject({
      ok: true,
      owners: { groupLabel: 'group::authn' },
    });
  });
});
