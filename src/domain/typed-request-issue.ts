import { neutralizeMentions, neutralizeQuickActions } from './gitlab-text.js';
import { dueDateFieldOf, type RequestField, type RequestType } from './request-types.js';
import { newRequestLabels, type Taxonomy } from './taxonomy.js';
import type { FieldValue, MergeRequestLink, TypedRequest } from './typed-request.js';

/** What a typed request becomes in GitLab: its description, labels and due date. */

/** The issue's due date (YYYY-MM-DD) from the type's due-date field, if given. */
export function dueDateFor(type: RequestType, request: TypedRequest): string | undefined {
  const field = dueDateFieldOf(type);
  const value = field ? request.values[field.id] : undefined;
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Labels of a new issue of this type: every new request's, then the type's own. */
export function labelsForType(type: RequestType, t: Taxonomy): string[] {
  return [...new Set([...newRequestLabels(t), ...type.labels])];
}

/** User text for a GitLab description: no quick action, no mention, no fake idempotency marker. */
export function gitlabSafe(text: string): string {
  return neutralizeQuickActions(neutralizeMentions(text)).replace(/<!--/g, '&lt;!--');
}

// NOTE: an autolink `<…>` ends at the first `>`; a link holding `<`, `>` or spaces is written percent-encoded.
const autolink = (url: string) => `<${/[<>\s]/.test(url) ? new URL(url).href : url}>`;

function renderField(field: RequestField, value: FieldValue | undefined): string | undefined {
  const heading = `## ${field.label}\n\n`;
  switch (field.kind) {
    case 'urls': {
      const links = (value as string[] | undefined) ?? [];
      return links.length > 0 ? `${heading}${links.map((l) => `- ${autolink(l)}`).join('\n')}\n` : undefined;
    }
    case 'merge_request': {
      const mrs = (value as MergeRequestLink[] | undefined) ?? [];
      return mrs.length > 0
        ? `${heading}${mrs.map((m) => `- ${m.project}!${m.iid}: <${m.url}>`).join('\n')}\n`
        : undefined;
    }
    case 'users': {
      const users = (value as string[] | undefined) ?? [];
      return users.length > 0 ? `${heading}${users.map((u) => `- Slack user ${u}`).join('\n')}\n` : undefined;
    }
    case 'url':
      return typeof value === 'string' && value
        ? `${heading}${autolink(value)}\n`
        : `${heading}_Not given._\n`;
    case 'select': {
      const option = field.options?.find((o) => o.value === value);
      return `${heading}${option ? gitlabSafe(option.label) : '_Not given._'}\n`;
    }
    default:
      return `${heading}${typeof value === 'string' && value ? gitlabSafe(value) : '_Not given._'}\n`;
  }
}

/**
 * The GitLab issue description of a typed request: a heading per field in the type's order, user
 * text unable to run quick actions or mention anyone, links listed, then the footer with the
 * idempotency marker. For the default automation and product types (and text without mentions or
 * markers) this is exactly what `buildRequestDescription` writes.
 */
export function buildTypedRequestDescription(
  type: RequestType,
  request: TypedRequest,
  meta: { ref: string; requester: string; marker: string; supportThreadUrl?: string },
): string {
  const parts = type.fields
    .map((f) => renderField(f, request.values[f.id]))
    .filter((p): p is string => p !== undefined);
  if (meta.supportThreadUrl) parts.push(`## Support thread\n\n<${meta.supportThreadUrl}>\n`);
  parts.push(
    `---\n\n_Filed from Slack through prodsec-bot as ${meta.ref} for Slack user ${meta.requester}._\n\n<!-- ${meta.marker} -->\n`,
  );
  return parts.join('\n');
}
