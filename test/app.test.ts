import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('start-up without settings', () => {
  it('exits 1 and names each missing setting, pointing at .env.example', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'nosettings-'));
    const entry = new URL('../src/app.ts', import.meta.url).pathname;
    const tsx = new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url).pathname;
    const r = spawnSync(process.execPath, [tsx, entry], {
      cwd,
      env: { PATH: process.env.PATH ?? '' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(1);
    for (const key of [
      'SLACK_BOT_TOKEN',
      'SLACK_SIGNING_SECRET',
      'GITLAB_TOKEN',
      'GITLAB_INTERNAL_PROJECT',
      'GITLAB_PRODUCT_PROJECT',
    ]) {
      expect(r.stderr).toContain(key);
    }
    expect(r.stderr).toContain('.env.example');
  });
});
