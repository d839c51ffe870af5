/**
 * How deep the stacks of errors made in workflow code go. The Temporal SDK records where
 * every promise in workflow code was created (for its stack trace query) by capturing an
 * Error's stack and mapping each frame through the bundle's source map: in a profile of
 * bench:webhook that took about 40% of the workflow thread's CPU, at V8's default of 10
 * frames. Three keep the top frames (where a workflow waits, where it threw) and skip the
 * SDK's own frames below. Not workflow state: replay is unaffected.
 *
 * Preloaded into the worker's shared context (WORKFLOW_BUNDLER_OPTIONS), before the SDK
 * freezes the context's builtins; a context that froze them already keeps V8's default.
 */
export const WORKFLOW_STACK_TRACE_LIMIT = 3;

if (!Object.isFrozen(Error)) Error.stackTraceLimit = WORKFLOW_STACK_TRACE_LIMIT;
