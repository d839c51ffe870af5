// Public API of the journey builder. Everything else in this folder is internal.
export { JourneyBuilder, type TJourneyBuilderProps } from './JourneyBuilder';
export { JourneyGraph, type TJourneyGraphProps } from './JourneyGraph';
export { flowToJourney, journeyToFlow } from './convert';
export type { TFlow, TFlowEdge, TFlowNode, TJourneyLike, TNodeCounts, TNodeFunnel } from './types';
