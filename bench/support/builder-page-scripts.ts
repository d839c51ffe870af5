/**
 * What the builder benchmark runs inside the page. Plain JavaScript in strings: the
 * project's TypeScript has no DOM types, and a transpiled function could carry helpers
 * (esbuild's __name) that do not exist in the page.
 */

/** What the page reports when the builder is usable, in ms since its navigation started. */
export interface LoadSample {
  interactiveMs: number;
  /** When the journey's GET answer had arrived (resource timing), or null if not seen. */
  journeyLoadedMs: number | null;
}

/** A node to drag: its React Flow id and its centre in viewport pixels. */
export interface DragTarget {
  id: string;
  x: number;
  y: number;
}

/**
 * A waitForFunction expression: false until `nodeCount` nodes are rendered and shown (React
 * Flow hides a node until it is measured) and the toolbar's Save button is there; then a
 * LoadSample. Save's enabled state is not awaited: the builder disables it while nothing is
 * unsaved ("Saved"), which is the case for a journey just opened.
 */
export function interactiveScript(nodeCount: number, journeyPath: string): string {
  return `(() => {
    const nodes = document.querySelectorAll('.react-flow__node');
    if (nodes.length !== ${nodeCount}) return false;
    for (const node of nodes) if (node.style.visibility === 'hidden') return false;
    const save = [...document.querySelectorAll('button')].find((b) => /^save\\b/i.test((b.getAttribute('aria-label') || b.textContent || '').trim()));
    if (!save) return false;
    const journey = performance.getEntriesByType('resource').filter((e) => e.name.includes(${JSON.stringify(journeyPath)})).pop();
    return { interactiveMs: performance.now(), journeyLoadedMs: journey ? journey.responseEnd : null };
  })()`;
}

/**
 * The node to drag by (dx, dy): nearest the canvas centre, grabbed at its centre where
 * nothing (minimap, controls, a handle) covers it, with the drag's end still on the canvas.
 * Null when no node qualifies.
 */
export function dragTargetScript(dx: number, dy: number): string {
  return `(() => {
    const pane = document.querySelector('.react-flow');
    if (!pane) return null;
    const box = pane.getBoundingClientRect();
    const inside = (x, y) => x > box.x + 10 && x < box.right - 10 && y > box.y + 10 && y < box.bottom - 10;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    let best = null;
    for (const node of document.querySelectorAll('.react-flow__node')) {
      if (node.classList.contains('nodrag')) continue;
      const r = node.getBoundingClientRect();
      const x = r.x + r.width / 2;
      const y = r.y + r.height / 2;
      if (!inside(x, y) || !inside(x + ${dx}, y + ${dy})) continue;
      const hit = document.elementFromPoint(x, y);
      if (!hit || hit.closest('.react-flow__node') !== node || hit.closest('.react-flow__handle, button, input, textarea, .nodrag')) continue;
      const distance = Math.hypot(x - cx, y - cy);
      if (!best || distance < best.distance) best = { id: node.getAttribute('data-id'), x, y, distance };
    }
    return best && { id: best.id, x: best.x, y: best.y };
  })()`;
}

/** Records every animation frame's timestamp until STOP_FRAMES_SCRIPT. */
export const START_FRAMES_SCRIPT = `(() => {
  window.__benchFrames = [];
  window.__benchRecording = true;
  const tick = (t) => {
    window.__benchFrames.push(t);
    if (window.__benchRecording) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

/** Stops recording and returns the frame timestamps (ms). */
export const STOP_FRAMES_SCRIPT = `(() => {
  window.__benchRecording = false;
  return window.__benchFrames;
})()`;

/** The distance (px) from (x, y) to the centre of node `id` now. */
export function nodeOffsetScript(id: string, x: number, y: number): string {
  return `(() => {
    const node = [...document.querySelectorAll('.react-flow__node')].find((n) => n.getAttribute('data-id') === ${JSON.stringify(id)});
    if (!node) return 0;
    const r = node.getBoundingClientRect();
    return Math.hypot(r.x + r.width / 2 - ${x}, r.y + r.height / 2 - ${y});
  })()`;
}
