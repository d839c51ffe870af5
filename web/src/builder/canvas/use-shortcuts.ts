import { useEffect, useRef, type RefObject } from 'react';
import type { TBuilderStore } from '../store';

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

function onCanvas(target: EventTarget | null): boolean {
  return target === document.body || (target instanceof Element && target.closest('.react-flow') !== null);
}

/**
 * Builder keys: Ctrl/Cmd+S saves anywhere; inside the builder (not while typing in a
 * field, where the browser's own text undo applies) Ctrl/Cmd+Z undoes, Ctrl/Cmd+Shift+Z
 * and Ctrl+Y redo, Delete/Backspace delete the selection.
 */
export function useShortcuts(store: TBuilderStore, root: RefObject<HTMLElement | null>, onSave: () => void): void {
  const save = useRef(onSave);
  useEffect(() => {
    save.current = onSave;
  }, [onSave]);

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === 's') {
        e.preventDefault();
        save.current();
        return;
      }
      const inBuilder =
        e.target === document.body || (e.target instanceof Node && root.current?.contains(e.target) === true);
      if (!inBuilder || isEditable(e.target)) return;
      const history = store.temporal.getState();
      if (mod && key === 'z' && !e.shiftKey) history.undo();
      else if (mod && ((key === 'z' && e.shiftKey) || key === 'y')) history.redo();
      // Delete only from the canvas (or nowhere in particular), not while a toolbar or palette button has focus.
      else if (!mod && (e.key === 'Delete' || e.key === 'Backspace') && onCanvas(e.target))
        store.getState().deleteSelection();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store, root]);
}

/** Asks the browser to confirm leaving the page while there are unsaved changes. */
export function useWarnOnLeave(dirty: boolean): void {
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);
}
