/** Everything workflows and the code around them share: one import for either side. */
export * from './activities.js';
export * from './after-send.js';
export * from './contact-plan.js';
export * from './ids.js';
export * from './live-edit.js';
export * from './messages.js';
export * from './patches.js';
export * from './search-attributes.js';
export * from './test-send.js';
export * from './workflow-io.js';
