import { useEffect, useRef, useState } from 'react';

export interface Polled<T> {
  data: T | undefined;
  /** The last attempt's failure; `data` then still holds the previous answer, if any. */
  error: Error | undefined;
  /** True until the first answer (or failure) for the current key. */
  loading: boolean;
  updatedAt: Date | undefined;
}

interface State<T> extends Polled<T> {
  key: string | null;
}

const IDLE: Polled<never> = { data: undefined, error: undefined, loading: false, updatedAt: undefined };
const LOADING: Polled<never> = { ...IDLE, loading: true };

/**
 * Calls `load` now and then every `intervalMs` after each answer (never two at once), while
 * `key` stays the same; a new key starts over, `null` stops. Requests in flight are aborted
 * when the key changes or the component unmounts.
 */
export function usePolling<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>,
  intervalMs: number,
): Polled<T> {
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  const [state, setState] = useState<State<T>>({ ...IDLE, key: null });

  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    let timer: number | undefined;
    const tick = async () => {
      try {
        const data = await loadRef.current(controller.signal);
        if (controller.signal.aborted) return;
        setState({ key, data, error: undefined, loading: false, updatedAt: new Date() });
      } catch (error) {
        if (controller.signal.aborted) return;
        const reason = error instanceof Error ? error : new Error(String(error));
        setState((previous) =>
          previous.key === key ? { ...previous, error: reason, loading: false } : { ...IDLE, key, error: reason },
        );
      }
      timer = window.setTimeout(() => void tick(), intervalMs);
    };
    void tick();
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [key, intervalMs]);

  if (key === null) return IDLE;
  return state.key === key ? state : LOADING;
}
