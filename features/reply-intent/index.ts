export {
  createIntentClassifier,
  readIntentAnswer,
  type TIntentClassification,
  type TIntentClassifier,
  type TIntentOutcome,
} from './classify-reply-intent.js';
export { hasIntentClassifier, intentClassifierFrom, type TIntentConfig } from './create-intent-classifier.js';
export { IntentClassifierError } from './intent-classifier-error.js';
export { intentMessages, INTENT_SYSTEM_PROMPT } from './intent-prompt.js';
