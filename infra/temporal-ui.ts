import type { TConfig } from './config.js';

/** Where Temporal UI is and which namespace our workflows live in. */
export interface TTemporalUi {
  baseUrl: string;
  namespace: string;
}

/** TEMPORAL_UI_URL without a trailing slash, and TEMPORAL_NAMESPACE. */
export function temporalUiOf(config: Pick<TConfig, 'TEMPORAL_UI_URL' | 'TEMPORAL_NAMESPACE'>): TTemporalUi {
  return { baseUrl: config.TEMPORAL_UI_URL.replace(/\/+$/, ''), namespace: config.TEMPORAL_NAMESPACE };
}

/** One workflow's page in Temporal UI (its latest execution). */
export function workflowUrl(ui: TTemporalUi, workflowId: string): string {
  return `${ui.baseUrl}/namespaces/${encodeURIComponent(ui.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

/** Temporal UI's workflow list filtered by a visibility query such as `JourneyRunId="..."`. */
export function workflowListUrl(ui: TTemporalUi, query: string): string {
  return `${ui.baseUrl}/namespaces/${encodeURIComponent(ui.namespace)}/workflows?query=${encodeURIComponent(query)}`;
}
