interface TFrame {
  node: string;
  next: number;
}

interface TTarjan {
  members: ReadonlySet<string>;
  index: Map<string, number>;
  low: Map<string, number>;
  stack: string[];
  onStack: Set<string>;
  components: string[][];
}

function open(t: TTarjan, node: string, frames: TFrame[]): void {
  const order = t.index.size;
  t.index.set(node, order);
  t.low.set(node, order);
  t.stack.push(node);
  t.onStack.add(node);
  frames.push({ node, next: 0 });
}

function close(t: TTarjan, node: string): void {
  if (t.low.get(node) !== t.index.get(node)) return;
  const component: string[] = [];
  let member: string | undefined;
  do {
    member = t.stack.pop();
    if (member === undefined) break;
    t.onStack.delete(member);
    component.push(member);
  } while (member !== node);
  t.components.push(component);
}

function lower(t: TTarjan, node: string, value: number | undefined): void {
  if (value !== undefined && value < (t.low.get(node) ?? value)) t.low.set(node, value);
}

// Iterative Tarjan: an explicit frame stack instead of recursion, so a long chain of
// nodes cannot overflow the call stack in a browser or a workflow sandbox.
function visit(t: TTarjan, root: string, successors: ReadonlyMap<string, readonly string[]>): void {
  const frames: TFrame[] = [];
  open(t, root, frames);
  while (frames.length > 0) {
    const frame = frames[frames.length - 1] as TFrame;
    const next = successors.get(frame.node)?.[frame.next];
    frame.next++;
    if (next === undefined) {
      frames.pop();
      close(t, frame.node);
      const parent = frames[frames.length - 1];
      if (parent !== undefined) lower(t, parent.node, t.low.get(frame.node));
    } else if (!t.members.has(next)) {
      continue;
    } else if (!t.index.has(next)) {
      open(t, next, frames);
    } else if (t.onStack.has(next)) {
      lower(t, frame.node, t.index.get(next));
    }
  }
}

/**
 * Strongly connected components of a directed graph (Tarjan). `successors` maps each
 * node to the nodes it has edges to; edges to nodes absent from `nodes` are ignored.
 */
export function stronglyConnectedComponents(
  nodes: readonly string[],
  successors: ReadonlyMap<string, readonly string[]>,
): string[][] {
  const t: TTarjan = {
    members: new Set(nodes),
    index: new Map(),
    low: new Map(),
    stack: [],
    onStack: new Set(),
    components: [],
  };
  for (const node of nodes) if (!t.index.has(node)) visit(t, node, successors);
  return t.components;
}

/** The components that contain a cycle: more than one node, or one node with an edge to itself. */
export function cyclicComponents(
  nodes: readonly string[],
  successors: ReadonlyMap<string, readonly string[]>,
): string[][] {
  return stronglyConnectedComponents(nodes, successors).filter(
    (c) => c.length > 1 || (c[0] !== undefined && (successors.get(c[0]) ?? []).includes(c[0])),
  );
}
