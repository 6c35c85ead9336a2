/**
 * Slack message text (mrkdwn, with `<…>` sequences and `&amp;` entities) as plain text that
 * reads the same: links become `label (url)`, mentions `@U123`, `#channel`, `@here`.
 */
export function mrkdwnToPlain(text: string): string {
  return text
    .replace(/<((?:https?|mailto):[^|>]+)\|([^>]*)>/g, (_m, url: string, label: string) =>
      label && label !== url ? `${label} (${url})` : url,
    )
    .replace(/<((?:https?|mailto):[^>]+)>/g, '$1')
    .replace(/<[@](\w+)(?:\|([^>]*))?>/g, (_m, id: string, name?: string) => `@${name || id}`)
    .replace(/<#(\w+)(?:\|([^>]*))?>/g, (_m, id: string, name?: string) => `#${name || id}`)
    .replace(/<!subteam\^(\w+)(?:\|([^>]*))?>/g, (_m, id: string, name?: string) => name || `@${id}`)
    .replace(/<!(\w+)(?:\|[^>]*)?>/g, '@$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
