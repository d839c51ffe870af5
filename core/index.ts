// Public API of the pure domain library shared by the API, the workflows and the builder.
export * from './journey/schema.js';
export * from './journey/problems.js';
export {
  validateJourney,
  journeyVariables,
  type TValidateOptions,
  type TValidationResult,
} from './journey/validate.js';
export { buildGraph, nextNodeId, type TJourneyGraph } from './journey/graph.js';
export { DEFAULT_HANDLE, handleKey, nodeHandles, type THandleSpec } from './journey/handles.js';
export { normalizeText, matchReply, branchMatches, type TReply } from './reply-match.js';
export { hasIntentBranches, intentAnswers, intentOptions, offeredIntent, type TIntentOption } from './reply-intent.js';
export { compileReplyRegex, replyRegexProblem } from './regex-safety.js';
export {
  templateVariables,
  renderTemplate,
  malformedPlaceholders,
  missingVariables,
  variableValue,
  isVariableName,
  type TVars,
  type TRenderResult,
} from './render.js';
export {
  normalizePhone,
  isE164,
  ZE164,
  ZWhatsAppAddress,
  toTwilioAddress,
  parseTwilioAddress,
  type TPhoneResult,
  type TTwilioAddress,
} from './phone.js';
export { evaluateCondition, ruleMatches } from './condition.js';
export { chooseSplitBranch, hash32 } from './split.js';
export {
  compareProportions,
  chiSquareIndependence,
  fisherExact,
  twoProportionZTest,
  normalCdf,
  chiSquareSurvival,
  SIGNIFICANCE_LEVEL,
  type TComparison,
  type TProportion,
  type TProportionTest,
} from './stats.js';
export { parseDuration, formatDuration, formatMs, type TDurationResult } from './duration.js';
export * from './policy/index.js';
export * from './senders/index.js';
