import type { KeyboardEvent } from 'react';

/**
 * Keyboard handler for a clickable table row: Enter or Space opens it, like a button.
 * Keys pressed inside a link or button in the row are theirs, not the row's.
 */
export function onActivate(open: () => void) {
  return (event: KeyboardEvent<HTMLElement>) => {
    if (event.target !== event.currentTarget) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      open();
    }
  };
}
