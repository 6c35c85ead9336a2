import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';

// biome-ignore lint/suspicious/noExplicitAny: each handler is typed for its own payload; the router only dispatches.
type Handler = (args: any) => Promise<void>;

/** Where each kind of listener is registered: one table per kind, looked up by id. */
export interface Router {
  command(name: string, handler: Handler): void;
  views(table: Record<string, Handler>): void;
  actions(table: Record<string, Handler>): void;
  shortcut(on: { callback_id: string; type: 'shortcut' | 'message_action' }, handler: Handler): void;
  event(type: string, handler: Handler): void;
  /** The one global middleware that dispatches; what no table holds goes on to Bolt's listeners. */
  middleware(): Middleware<AnyMiddlewareArgs>;
}

const noop = () => undefined;

/**
 * Dispatches every command, view submission, block action, shortcut and event from tables in one
 * global middleware, instead of a Bolt listener each.
 * NOTE: Bolt runs every registered listener's own middleware chain (type filter, constraint
 * matcher, each an async step) for every request, so that work grows with the listener count and
 * sits on the acknowledgement path: 7 listeners cost ~75 µs a request against ~30 µs here
 * (bench/notes.md). Only Workflow Builder steps stay Bolt listeners (`app.function` sets up
 * complete/fail and acknowledges the event), reached through `next()`.
 */
export function createRouter(): Router {
  const commands = new Map<string, Handler>();
  const views = new Map<string, Handler>();
  const actions = new Map<string, Handler>();
  const shortcuts = new Map<string, Handler>();
  const events = new Map<string, Handler>();
  const add = (map: Map<string, Handler>, key: string, handler: Handler) => {
    if (map.has(key)) throw new Error(`two listeners for ${key}`);
    map.set(key, handler);
  };
  const addAll = (map: Map<string, Handler>, table: Record<string, Handler>) => {
    for (const [id, handler] of Object.entries(table)) add(map, id, handler);
  };

  /** The handler a request goes to, the same matches Bolt's app.command/view/action/shortcut/event make. */
  const find = (args: AnyMiddlewareArgs): Handler | undefined => {
    const body = args.body as { type?: unknown; command?: unknown };
    if (typeof body.command === 'string') return commands.get(body.command);
    switch (body.type) {
      case 'view_submission':
        return views.get((args as { view?: { callback_id?: string } }).view?.callback_id ?? '');
      case 'block_actions':
        return actions.get((args as { action?: { action_id?: string } }).action?.action_id ?? '');
      case 'shortcut':
      case 'message_action':
        return shortcuts.get(`${body.type}:${(body as { callback_id?: string }).callback_id ?? ''}`);
      case 'event_callback':
        return events.get((args as { event?: { type?: string } }).event?.type ?? '');
      default:
        return undefined;
    }
  };

  return {
    command: (name, handler) => add(commands, name, handler),
    views: (table) => addAll(views, table),
    actions: (table) => addAll(actions, table),
    shortcut: (on, handler) => add(shortcuts, `${on.type}:${on.callback_id}`, handler),
    event: (type, handler) => add(events, type, handler),
    middleware: () => async (args) => {
      const handler = find(args);
      if (!handler) {
        await args.next();
        return;
      }
      // A listener's arguments, as Bolt passes them: its `next` does nothing.
      await handler({ ...args, next: noop });
    },
  };
}
