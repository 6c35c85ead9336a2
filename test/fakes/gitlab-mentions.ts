// How GitLab finds the people a description or note notifies: `@username`, `@group`,
// `@group/subgroup` and `@all`, anywhere in the Markdown (block quotes included) except inside code
// spans and fenced or indented code blocks. The fake records these as notifications so that tests
// can prove no user text mentions anyone.

const MENTION = /(^|[^\w`@/.-])@([A-Za-z0-9_][A-Za-z0-9_.-]*(?:\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*)/g;

/** The names (without `@`) that the Markdown would notify, in order, duplicates removed. */
export function liveMentions(markdown: string): string[] {
  const found = new Set<string>();
  let fenced = false;
  for (const rawLine of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const line = rawLine.replace(/^(\s*>)+\s?/, '');
    if (/^\s{0,3}(```|~~~)/.test(line)) {
      fenced = !fenced;
      continue;
    }
    if (fenced || /^( {4}|\t)/.test(line)) continue;
    const withoutCode = line.replace(/(`+)[\s\S]*?\1/g, ' ');
    for (const m of withoutCode.matchAll(MENTION)) {
      const name = (m[2] ?? '').replace(/[.-]+$/, '');
      if (name) found.add(name);
    }
  }
  return [...found];
}
