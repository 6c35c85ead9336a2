import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_REQUEST_TYPES } from '../src/domain/request-types.js';
import { COMMAND, ids } from '../src/slack/ids.js';
import { workflowInputName } from '../src/slack/workflow-inputs.js';

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
    if (scopes.includes('users:read.email')) {
      expect(scopes).toContain('users:read');
      expect(src('identity/link-flow.ts')).toContain('users.info');
    }
    expect(
      scopes.every((s) =>
        ['commands', 'chat:write', 'usergroups:read', 'users:read', 'users:read.email', 'im:write'].includes(
          s,
        ),
      ),
    ).toBe(true);
  });
});

describe('manifest.yml: request entry points', () => {
  it('declares the global shortcut "New ProdSec request" with the callback the bot listens to', () => {
    const shortcut = manifest.features.shortcuts.find(
      (s: { callback_id: string }) => s.callback_id === ids.intake.globalShortcut,
    );
    expect(shortcut).toMatchObject({
      type: 'global',
      name: 'New ProdSec request',
      callback_id: 'new_request',
    });
  });

  it('declares the Workflow Builder step with type, requester and field inputs and the request id and issue URL outputs', () => {
    const step = manifest.functions[ids.intake.workflowStep];
    expect(ids.intake.workflowStep).toBe('file_prodsec_request');
    expect(step.title).toBe('File a ProdSec request');
    // Slack's manifest schema: parameters under `properties`, the required ones listed in `required`.
    const inputs = step.input_parameters.properties;
    expect(inputs.request_type).toMatchObject({ type: 'string' });
    expect(step.input_parameters.required).toEqual(['request_type', 'requester']);
    expect(inputs.requester.type).toBe('slack#/types/user_id');
    // Every field of the default types is an input (snake_case of its id), as a string.
    for (const t of DEFAULT_REQUEST_TYPES)
      for (const f of t.fields) {
        const name = workflowInputName(f.id);
        expect(inputs[name]?.type, `${t.id}.${f.id}`).toBe('string');
      }
    expect(inputs.fields_json.type).toBe('string');
    expect(inputs.confidential.type).toBe('string');
    const outputs = step.output_parameters.properties;
    expect(Object.keys(outputs).sort()).toEqual(['issue_url', 'request_id']);
    for (const p of Object.values(outputs) as { type: string }[]) expect(p).toMatchObject({ type: 'string' });
    expect([...step.output_parameters.required].sort()).toEqual(['issue_url', 'request_id']);
    // Every parameter has a title and a description Workflow Builder shows.
    for (const p of [...Object.values(inputs), ...Object.values(outputs)] as Record<string, unknown>[])
      expect(p).toMatchObject({ title: expect.any(String), description: expect.any(String) });
  });

  it("the outputs the bot completes the step with are the manifest's outputs", () => {
    const job = readFileSync(
      new URL('../src/jobs/outbox/workflow-step-complete.ts', import.meta.url),
      'utf8',
    );
    for (const name of Object.keys(manifest.functions[ids.intake.workflowStep].output_parameters.properties))
      expect(job).toContain(`${name}:`);
  });

  it('subscribes to function_executed and is org-ready, as custom steps require', () => {
    expect(manifest.settings.event_subscriptions.bot_events).toContain('function_executed');
    expect(manifest.settings.org_deploy_enabled).toBe(true);
    // The step runs on this bot's server (over HTTP or Socket Mode), not on Slack's.
    expect(manifest.settings.function_runtime).toBe('remote');
  });
});
