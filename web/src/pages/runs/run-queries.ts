import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api-client/client';
import type { components } from '../../api-client/schema';
import { isRunFinished, type TContactState } from './run-status';

export type TRun = components['schemas']['Run'];
export type TRunDetail = components['schemas']['RunDetail'];
export type TRunAnalytics = components['schemas']['RunAnalytics'];
export type TMigration = components['schemas']['Migration'];

/** How often a live run refreshes: a change on the server shows within 2 s. */
export const RUN_POLL_MS = 1_500;
/** How often the contacts table of a live run refreshes. */
export const CONTACTS_POLL_MS = 2_000;
/** The runs list refreshes more slowly: it only shows progress bars. */
const RUNS_LIST_POLL_MS = 5_000;

export const runKeys = {
  all: ['runs'] as const,
  list: (cursor: string | undefined) => ['runs', 'list', cursor ?? null] as const,
  detail: (id: string) => ['runs', id] as const,
  graph: (id: string) => ['runs', id, 'graph'] as const,
  analytics: (id: string) => ['runs', id, 'analytics'] as const,
  contactsAll: (id: string) => ['runs', id, 'contacts'] as const,
  contacts: (id: string, filters: TContactFilters, cursor: string | undefined) =>
    ['runs', id, 'contacts', filters, cursor ?? null] as const,
  contact: (id: string, contactId: string) => ['runs', id, 'contacts', 'one', contactId] as const,
};

// Polling stops by itself in a hidden tab: refetchIntervalInBackground is false by default
// in react-query, and it is spelled out below so nobody turns it on by accident.

/** One page of the workspace's runs, newest first; refreshes while any of them is live. */
export function useRunsPage(cursor: string | undefined) {
  return useQuery({
    queryKey: runKeys.list(cursor),
    queryFn: () => unwrap(api.GET('/api/runs', { params: { query: { limit: 50, ...(cursor ? { cursor } : {}) } } })),
    placeholderData: keepPreviousData,
    refetchInterval: (query) =>
      query.state.data?.items.some((run) => !isRunFinished(run.status)) ? RUNS_LIST_POLL_MS : false,
    refetchIntervalInBackground: false,
  });
}

/** A run with its counts, every 1.5 s until it has finished. */
export function useRun(id: string) {
  return useQuery({
    queryKey: runKeys.detail(id),
    queryFn: () => unwrap(api.GET('/api/runs/{id}', { params: { path: { id } } })),
    // A run that never loaded (404, no access) is not polled: the page shows the error.
    refetchInterval: (query) => {
      const run = query.state.data;
      if (run === undefined) return query.state.status === 'error' ? false : RUN_POLL_MS;
      return isRunFinished(run.status) ? false : RUN_POLL_MS;
    },
    refetchIntervalInBackground: false,
    staleTime: 0,
  });
}

/** The journey version the run walks: frozen at launch, so it is fetched once. */
export function useRunGraph(id: string) {
  return useQuery({
    queryKey: runKeys.graph(id),
    queryFn: () => unwrap(api.GET('/api/runs/{id}/graph', { params: { path: { id } } })),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** How often a live run's analytics refresh: heavier than its counts, and a chart needs no more. */
export const ANALYTICS_POLL_MS = 5_000;

/** The run's analytics (funnel, splits, replies, activity); every 5 s while `live`. */
export function useRunAnalytics(id: string, live: boolean) {
  return useQuery({
    queryKey: runKeys.analytics(id),
    queryFn: () => unwrap(api.GET('/api/runs/{id}/analytics', { params: { path: { id } } })),
    // A run that failed to load (404) is not polled: the page shows the error.
    refetchInterval: (query) => (live && query.state.status !== 'error' ? ANALYTICS_POLL_MS : false),
    refetchIntervalInBackground: false,
  });
}

/** The contacts table's filters; empty strings mean "any". */
export interface TContactFilters {
  state: TContactState | '';
  node: string;
  phone: string;
}

/** One page of a run's contacts under `filters`; refreshes every 2 s while `live`. */
export function useRunContacts(id: string, filters: TContactFilters, cursor: string | undefined, live: boolean) {
  return useQuery({
    queryKey: runKeys.contacts(id, filters, cursor),
    queryFn: () =>
      unwrap(
        api.GET('/api/runs/{id}/contacts', {
          params: {
            path: { id },
            query: {
              limit: 25,
              ...(cursor ? { cursor } : {}),
              ...(filters.state ? { state: filters.state } : {}),
              ...(filters.node ? { node: filters.node } : {}),
              ...(filters.phone ? { phone: filters.phone } : {}),
            },
          },
        }),
      ),
    // The previous page stays on screen while a new filter loads, instead of a spinner flash.
    placeholderData: keepPreviousData,
    refetchInterval: live ? CONTACTS_POLL_MS : false,
    refetchIntervalInBackground: false,
  });
}

/** One contact of a run with its messages; refreshes with the table while the run is live. */
export function useRunContact(id: string, contactId: string | null, live: boolean) {
  return useQuery({
    queryKey: runKeys.contact(id, contactId ?? ''),
    queryFn: () =>
      unwrap(api.GET('/api/runs/{id}/contacts/{contactId}', { params: { path: { id, contactId: contactId ?? '' } } })),
    enabled: contactId !== null,
    refetchInterval: live ? CONTACTS_POLL_MS : false,
    refetchIntervalInBackground: false,
  });
}

/**
 * The `count` steps of a contact's history before `before` (the latest page's
 * `historyBefore`), once the person asks for older steps. Keyed by `before`, so when the
 * latest page moves on the older steps move with it and none is left out between them.
 */
export function useOlderHistory(id: string, contactId: string | null, before: string | null, count: number) {
  return useQuery({
    queryKey: [...runKeys.contact(id, contactId ?? ''), 'older', before, count] as const,
    queryFn: () =>
      unwrap(
        api.GET('/api/runs/{id}/contacts/{contactId}', {
          params: {
            path: { id, contactId: contactId ?? '' },
            query: { historyBefore: before ?? '', historyLimit: count },
          },
        }),
      ),
    enabled: contactId !== null && before !== null && count > 0,
    // Older steps never change; only a new `before` (the contact moved on) asks again.
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** "Stop run": the API stops in the background, so the run is refetched to show it. */
export function useStopRun(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/runs/{id}/stop', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: runKeys.detail(id), exact: true }),
  });
}

/**
 * "Move waiting contacts": a dry run (the plan, from the contacts as stored) or the move
 * itself, after which the run and its contacts are read again to show who walks which version.
 */
export function useMigrateRun(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (dryRun: boolean) =>
      unwrap(api.POST('/api/runs/{id}/migrate', { params: { path: { id } }, body: { dryRun } })),
    onSuccess: (result) => {
      if (result.dryRun) return;
      void queryClient.invalidateQueries({ queryKey: runKeys.detail(id), exact: true });
      void queryClient.invalidateQueries({ queryKey: runKeys.contactsAll(id) });
    },
  });
}
