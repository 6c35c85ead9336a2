/** How people name a request in Slack: `R-12`. */
export function requestRef(id: number): string {
  return `R-${id}`;
}

/** Parses `R-12`, `r12` or `12` into 12. */
export function parseRequestRef(text: string): number | undefined {
  const m = /^\s*R-?(\d{1,12})\s*$/i.exec(text) ?? /^\s*(\d{1,12})\s*$/.exec(text);
  return m?.[1] ? Number(m[1]) : undefined;
}
