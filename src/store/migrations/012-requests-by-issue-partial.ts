/**
 * A request is saved before it has an issue, so the (project, issue_iid) index held one entry per
 * unfiled request too: one more page written in the commit that saves a submission, on its
 * acknowledgement path, for lookups that always name an iid. Only filed requests are indexed now
 * (`issue_iid = ?` implies `issue_iid IS NOT NULL`, so SQLite still uses it for findByIssue).
 */
export const m012RequestsByIssuePartial = {
  version: 12,
  sql: `
DROP INDEX IF EXISTS requests_issue;
CREATE INDEX requests_issue ON requests (project, issue_iid) WHERE issue_iid IS NOT NULL;
`,
};
