import { describe, expect, it } from 'vitest';
import { createRouter, type Router } from '../../src/listeners/route.js';

type MiddlewareArgs = Parameters<ReturnType<Router['middleware']>>[0];

/** Runs the router's middleware on what Bolt would pass it. */
async function dispatch(router: ReturnType<typeof createRouter>, args: Record<string, unknown>) {
  await router.middleware()({
    ...args,
    next: async () => undefined,
  } as unknown as MiddlewareArgs);
}

describe('listener router', () => {
  const setup = () => {
    const calls: string[] = [];
    const router = createRouter();
    const h = (name: string) => async (args: { next: () => unknown }) => {
      calls.push(name);
      // A listener's next does nothing, as in Bolt.
      expect(args.next()).toBeUndefined();
    };
    router.command('/prodsec', h('command'));
    router.views({ intake_modal: h('view') });
    router.actions({ take_on: h('action') });
    router.shortcut({ callback_id: 'flag', type: 'message_action' }, h('message shortcut'));
    router.shortcut({ callback_id: 'flag', type: 'shortcut' }, h('global shortcut'));
    router.event('app_home_opened', h('event'));
    return { router, calls };
  };

  it('sends each kind to the handler registered for its id, as Bolt matches them', async () => {
    const { router, calls } = setup();
    await dispatch(router, { body: { command: '/prodsec' } });
    await dispatch(router, { body: { type: 'view_submission' }, view: { callback_id: 'intake_modal' } });
    await dispatch(router, { body: { type: 'block_actions' }, action: { action_id: 'take_on' } });
    await dispatch(router, { body: { type: 'message_action', callback_id: 'flag' } });
    await dispatch(router, { body: { type: 'shortcut', callback_id: 'flag' } });
    await dispatch(router, { body: { type: 'event_callback' }, event: { type: 'app_home_opened' } });
    expect(calls).toEqual(['command', 'view', 'action', 'message shortcut', 'global shortcut', 'event']);
  });

  it('passes on what it does not hold (function steps, closed views, unknown ids) to Bolt', async () => {
    const { router, calls } = setup();
    let nexts = 0;
    const next = async () => {
      nexts++;
    };
    const run = (args: Record<string, unknown>) =>
      router.middleware()({ ...args, next } as unknown as MiddlewareArgs);
    await run({ body: { command: '/other' } });
    await run({ body: { type: 'view_closed' }, view: { callback_id: 'intake_modal' } });
    await run({ body: { type: 'view_submission' }, view: {} });
    await run({ body: { type: 'block_actions' }, action: { action_id: 'nope' } });
    await run({ body: { type: 'event_callback' }, event: { type: 'function_executed' } });
    await run({ body: { type: 'message_action', callback_id: 'other' } });
    expect(nexts).toBe(6);
    expect(calls).toEqual([]);
  });

  it('refuses two handlers for one id', () => {
    const router = createRouter();
    router.actions({ a: async () => undefined });
    expect(() => router.actions({ a: async () => undefined })).toThrow(/two listeners for a/);
  });
});
