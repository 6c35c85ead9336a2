/** Parses a Slack request body: JSON events, form-encoded commands, or `payload=` interactivity. */
export function parseSlackBody(contentType: string | undefined, raw: string): Record<string, unknown> {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') {
    const parsed: unknown = JSON.parse(raw);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new Error('JSON body is not an object');
    return parsed as Record<string, unknown>;
  }
  if (type === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(raw);
    const payload = form.get('payload');
    if (payload !== null) {
      const parsed: unknown = JSON.parse(payload);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new Error('payload is not an object');
      return parsed as Record<string, unknown>;
    }
    return Object.fromEntries(form.entries());
  }
  throw new Error(`unsupported content type ${type || '(none)'}`);
}

/** The workspace and enterprise a payload comes from, wherever Slack put them. */
export function teamsOf(body: Record<string, unknown>): string[] {
  const ids: unknown[] = [];
  const team = body.team as { id?: unknown; enterprise_id?: unknown } | undefined;
  const user = body.user as { team_id?: unknown } | undefined;
  const enterprise = body.enterprise as { id?: unknown } | undefined;
  ids.push(body.team_id, team?.id, team?.enterprise_id, user?.team_id, body.enterprise_id, enterprise?.id);
  return ids.filter((v): v is string => typeof v === 'string' && v.length > 0);
}

/** A name for metrics and logs: command, view_submission, block_actions, event:app_home_opened… */
export function kindOf(body: Record<string, unknown>): string {
  if (typeof body.command === 'string') return 'command';
  if (typeof body.type === 'string') {
    if (body.type === 'event_callback') {
      const ev = body.event as { type?: unknown } | undefined;
      return `event:${typeof ev?.type === 'string' ? ev.type : 'unknown'}`;
    }
    return body.type;
  }
  return 'unknown';
}
