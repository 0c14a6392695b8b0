import { useCallback, useEffect, useRef, useState } from 'react';
import { api, CampaignPage, CampaignSummary } from '../api';

export type CampaignList = {
  items: CampaignSummary[];
  /** campaigns matching the filters (counted with the first page only) */
  total: number | null;
  nextCursor: string | null;
  loaded: boolean;
  loading: boolean;
  error?: Error;
};

/**
 * GET /campaigns by cursor: the first page of `query` (filters, sort, pageSize) with its count, then
 * each loadMore() appends the page after the last one shown (its nextCursor, uncounted). A new query
 * starts again from its first page; the rows shown stay until it answers, and an answer to an older
 * query is dropped.
 */
export function useCampaignList(query: string): CampaignList & { loadMore: () => void } {
  const [state, setState] = useState<CampaignList>({ items: [], total: null, nextCursor: null, loaded: false, loading: true });
  const current = useRef(query);
  const busy = useRef(false);

  const fetchPage = useCallback((cursor: string | null) => {
    const asked = current.current;
    const params = new URLSearchParams(asked);
    if (cursor) params.set('cursor', cursor);
    params.set('includeTotal', cursor ? 'false' : 'true');
    busy.current = true;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    api<CampaignPage>(`/campaigns?${params.toString()}`).then(
      (page) => {
        if (current.current !== asked) return;
        busy.current = false;
        setState((s) => ({
          items: cursor ? appendNew(s.items, page.items) : page.items,
          total: cursor ? s.total : page.total,
          nextCursor: page.nextCursor,
          loaded: true,
          loading: false,
        }));
      },
      (error: Error) => {
        if (current.current !== asked) return;
        busy.current = false;
        setState((s) => ({ ...s, loading: false, error }));
      },
    );
  }, []);

  useEffect(() => {
    current.current = query;
    fetchPage(null);
  }, [query, fetchPage]);

  const { nextCursor } = state;
  const loadMore = useCallback(() => {
    if (nextCursor && !busy.current) fetchPage(nextCursor);
  }, [nextCursor, fetchPage]);

  return { ...state, loadMore };
}

/** A campaign that moved across the page boundary between two loads (most_backed) is shown once. */
function appendNew(shown: CampaignSummary[], page: CampaignSummary[]): CampaignSummary[] {
  const ids = new Set(shown.map((c) => c.id));
  return [...shown, ...page.filter((c) => !ids.has(c.id))];
}
