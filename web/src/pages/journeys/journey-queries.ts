import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api-client/client';
import type { components } from '../../api-client/schema';
import { starterJourney } from './starter-journey';

export type TRun = components['schemas']['Run'];

export const journeyKeys = {
  all: ['journeys'] as const,
  list: (cursor: string | undefined) => ['journeys', 'list', cursor ?? null] as const,
  detail: (id: string) => ['journeys', id] as const,
  latestRuns: ['runs', 'latest-per-journey'] as const,
};

/** One page of the workspace's journeys, most recently changed first. */
export function useJourneysPage(cursor: string | undefined) {
  return useQuery({
    queryKey: journeyKeys.list(cursor),
    queryFn: () =>
      unwrap(api.GET('/api/journeys', { params: { query: { limit: 50, ...(cursor ? { cursor } : {}) } } })),
    placeholderData: keepPreviousData,
  });
}

/**
 * The newest launch of each journey, from the newest 200 launches (test sends left out): the
 * API has no per-journey summary, and a journey whose last run is older than that shows none.
 */
export function useLatestRunByJourney() {
  return useQuery({
    queryKey: journeyKeys.latestRuns,
    queryFn: async () => {
      // Launches only: a test on someone's phone is not how the journey last ran.
      const page = await unwrap(api.GET('/api/runs', { params: { query: { limit: 200, test: 'false' } } }));
      const latest = new Map<string, TRun>();
      for (const run of page.items) if (!latest.has(run.journeyId)) latest.set(run.journeyId, run);
      return latest;
    },
  });
}

/** "New journey": creates a valid start -> message -> end journey, ready to launch or edit. */
export function useCreateJourney() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => unwrap(api.POST('/api/journeys', { body: starterJourney(name) })),
    onSuccess: (body) => {
      queryClient.setQueryData(journeyKeys.detail(body.journey.id), body);
      return queryClient.invalidateQueries({ queryKey: ['journeys', 'list'] });
    },
  });
}

/** Deletes a journey (admins only: the API answers 403 to others, which the global handler toasts). */
export function useDeleteJourney() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/journeys/{id}', { params: { path: { id } } })),
    onSuccess: (_data, id) => {
      queryClient.removeQueries({ queryKey: journeyKeys.detail(id) });
      return queryClient.invalidateQueries({ queryKey: ['journeys', 'list'] });
    },
  });
}

/**
 * A journey and its problems. Never refetched behind the editor's back: a background
 * refresh would hand the builder a new graph while the user is editing it.
 */
export function useJourney(id: string) {
  return useQuery({
    queryKey: journeyKeys.detail(id),
    queryFn: () => unwrap(api.GET('/api/journeys/{id}', { params: { path: { id } } })),
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });
}

/** The builder's graph as saved; nodes and edges are checked by the API and core. */
export interface TJourneyDraft {
  name: string;
  nodes: unknown[];
  edges: unknown[];
  /** The goal; absent or null: none (saving without one removes it). */
  goal?: object | null | undefined;
}

/** Saves the builder's journey. Errors (400, 409) toast the API's message and reject, so the builder keeps its edits. */
export function useSaveJourney(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (draft: TJourneyDraft) =>
      unwrap(
        api.PUT('/api/journeys/{id}', {
          params: { path: { id } },
          // The API stores the builder's nodes and edges as sent (loosely checked objects).
          body: {
            name: draft.name,
            nodes: draft.nodes as Record<string, unknown>[],
            edges: draft.edges as Record<string, unknown>[],
            goal: (draft.goal ?? null) as Record<string, unknown> | null,
          },
        }),
      ),
    onSuccess: (body) => {
      queryClient.setQueryData(journeyKeys.detail(id), body);
      return queryClient.invalidateQueries({ queryKey: ['journeys', 'list'] });
    },
  });
}
