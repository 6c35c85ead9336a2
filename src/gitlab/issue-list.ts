import type { Gitlab } from '@gitbeaker/rest';
import type { Issue } from '../domain/issue.js';
import { type ApiIssue, toIssue } from './map.js';

export interface IssueFilters {
  labels?: string[];
  notLabels?: string[];
  state?: 'opened' | 'closed' | 'all';
  search?: string;
  searchIn?: 'title' | 'description' | 'title,description';
  milestone?: string;
  updatedAfter?: string;
  orderBy?: 'created_at' | 'updated_at';
  sort?: 'asc' | 'desc';
  /** For the instance-wide list: `created_by_me` is what the bot's token filed. */
  scope?: 'created_by_me' | 'assigned_to_me' | 'all';
}

export interface ListOptions {
  maxPages?: number;
  perPage?: number;
}

function filterParams(f: IssueFilters): Record<string, unknown> {
  const p: Record<string, unknown> = {};
  if (f.labels?.length) p.labels = f.labels.join(',');
  if (f.notLabels?.length) p['not[labels]'] = f.notLabels.join(',');
  if (f.state) p.state = f.state;
  if (f.search) p.search = f.search;
  if (f.searchIn) p.in = f.searchIn;
  if (f.milestone) p.milestone = f.milestone;
  if (f.updatedAfter) p.updatedAfter = f.updatedAfter;
  if (f.orderBy) p.orderBy = f.orderBy;
  if (f.sort) p.sort = f.sort;
  if (f.scope) p.scope = f.scope;
  return p;
}

interface Page<T> {
  data: T[];
  totalPages: number | null;
  next: number | null;
}

/** Where a listing looks: one project, one group, or (neither) every project the token can see. */
export interface IssueScope {
  projectId?: string | number;
  groupId?: string | number;
}

/** Lists issues through `api`, each page read with `retried` (an idempotent read). */
export function createIssueLister(
  api: Pick<InstanceType<typeof Gitlab>, 'Issues'>,
  retried: <T>(fn: () => Promise<T>) => Promise<T>,
  concurrency: number,
) {
  async function fetchPage(
    scope: IssueScope,
    filters: IssueFilters,
    page: number,
    perPage: number,
  ): Promise<Page<ApiIssue>> {
    const res = (await retried(() =>
      api.Issues.all({
        ...scope,
        ...filterParams(filters),
        perPage,
        page,
        showExpanded: true,
      } as Parameters<typeof api.Issues.all>[0]),
    )) as unknown as { data: ApiIssue[]; paginationInfo: { next: number | null; totalPages: number } };
    const totalPages = Number.isFinite(res.paginationInfo.totalPages) ? res.paginationInfo.totalPages : null;
    return { data: res.data, totalPages, next: res.paginationInfo.next };
  }

  /**
   * Lists every page of a filtered issue collection, bounded by maxPages. When GitLab sends
   * totals, the remaining pages are fetched `concurrency` at a time; otherwise one by one.
   */
  return async function listIssues(
    scope: IssueScope,
    filters: IssueFilters,
    list: ListOptions = {},
  ): Promise<{ issues: Issue[]; truncated: boolean }> {
    const perPage = Math.min(100, list.perPage ?? 100);
    const maxPages = list.maxPages ?? 200;
    const first = await fetchPage(scope, filters, 1, perPage);
    const pages: ApiIssue[][] = [first.data];
    let truncated = false;
    if (first.totalPages !== null) {
      const last = Math.min(first.totalPages, maxPages);
      truncated = first.totalPages > maxPages;
      const remaining: number[] = [];
      for (let p = 2; p <= last; p++) remaining.push(p);
      const results: ApiIssue[][] = new Array(remaining.length);
      let cursor = 0;
      const worker = async () => {
        while (cursor < remaining.length) {
          const i = cursor++;
          results[i] = (await fetchPage(scope, filters, remaining[i] as number, perPage)).data;
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, remaining.length) }, worker));
      pages.push(...results);
    } else {
      let next = first.next;
      let count = 1;
      while (next && count < maxPages) {
        const page = await fetchPage(scope, filters, next, perPage);
        pages.push(page.data);
        next = page.next;
        count++;
      }
      truncated = next !== null && next !== undefined && count >= maxPages;
    }
    return { issues: pages.flat().map(toIssue), truncated };
  };
}
