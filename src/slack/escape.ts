/**
 * Escapes text for Slack mrkdwn.
 * NOTE: Slack asks for `&`, `<` and `>` to be replaced and nothing else; unescaped, user text
 * could hold `<!channel>`, `<!subteam^ID>`, `<@U123>` or `<https://evil|innocent>`.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to `max` characters with a visible marker, so Slack never rejects it. */
export function cut(text: string, max: number, marker = '…'): string {
  if (text.length <= max) return text;
  return text.slice(0, Math.max(0, max - marker.length)) + marker;
}

/** Escaped user text, cut to fit, for a mrkdwn field. Cuts before escaping never split an entity. */
export function safeText(text: string, max: number): string {
  let out = escapeMrkdwn(text);
  if (out.length <= max) return out;
  let keep = text.length;
  while (keep > 0 && out.length > max) {
    keep = Math.floor(keep * 0.9);
    out = `${escapeMrkdwn(text.slice(0, keep))}…`;
  }
  return out;
}

/** A link whose label is user text: the URL must be ours or validated; the label is escaped. */
export function link(url: string, label: string): string {
  return `<${url.replace(/[<>|]/g, encodeURIComponent)}|${escapeMrkdwn(label).replace(/\|/g, '¦')}>`;
}
