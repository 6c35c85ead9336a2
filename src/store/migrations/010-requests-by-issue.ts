/**
 * Webhook processing finds an issue's request by (project, iid) for every delivery; without an
 * index that is a scan of every request ever filed (the largest cost in the webhook profile after
 * SQLite commits).
 */
export const m010RequestsByIssue = {
  version: 10,
  sql: `
CREATE INDEX IF NOT EXISTS requests_issue ON requests (project, issue_iid);
`,
};
