import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMAND } from '../src/slack/ids.js';

const manifest = parse(readFileSync(new URL('../manifest.yml', import.meta.url), 'utf8'));

describe('manifest.yml', () => {
  it('declares the /prodsec command, interactivity and the app_home_opened event on one URL', () => {
    const urls = [
      manifest.features.slash_commands[0].url,
      manifest.settings.interactivity.request_url,
      manifest.settings.event_subscriptions.request_url,
    ];
    expect(manifest.features.slash_commands[0].command).toBe(COMMAND);
    expect(new Set(urls).size).toBe(1);
    expect(urls[0]).toMatch(/\/slack\/events$/);
    expect(manifest.settings.event_subscriptions.bot_events).toContain('app_home_opened');
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });

  it('declares the flag_candidate message shortcut', () => {
    const shortcut = manifest.features.shortcuts.find(
      (s: { callback_id: string }) => s.callback_id === 'flag_candidate',
    );
    expect(shortcut.type).toBe('message');
  });

  it('asks only for scopes of methods the bot calls', () => {
    const src = (p: string) => readFileSync(new URL(`../src/${p}`, import.meta.url), 'utf8');
    const scopes: string[] = manifest.oauth_config.scopes.bot;
    expect(scopes).toContain('commands');
    expect(scopes).toContain('chat:write');
    if (scopes.includes('usergroups:read'))
      expect(src('slack/team-directory.ts')).toContain('usergroups.users.list');
    expect(
      scopes.every((s) =>
        ['commands', 'chat:write', 'usergroups:read', 'users:read', 'im:write'].includes(s),
      ),
    ).toBe(true);
  });
});
