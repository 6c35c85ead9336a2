import type { App } from '@slack/bolt';

// biome-ignore lint/suspicious/noExplicitAny: each handler is typed for its own payload; the router only dispatches.
type Handler = (args: any) => Promise<void>;

const exact = (keys: string[]) =>
  new RegExp(`^(?:${keys.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);

/**
 * One Bolt listener per kind, dispatching by id from a table.
 * NOTE: Bolt runs every registered listener's matching middleware for every request; with a
 * listener per button that work grows with the feature count and sits on the ack path.
 */
export function routeActions(app: App, table: Record<string, Handler>): void {
  app.action(exact(Object.keys(table)), async (args) => {
    const id = (args.action as { action_id: string }).action_id;
    await table[id]?.(args);
  });
}

export function routeViews(app: App, table: Record<string, Handler>): void {
  app.view(exact(Object.keys(table)), async (args) => {
    await table[args.view.callback_id]?.(args);
  });
}
