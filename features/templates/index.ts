export { createTemplateChecker, type TCheckerConfig } from './create-template-checker.js';
export { checkTemplateRules, findRuleIssues, RULES_NOTE } from './rule-checker.js';
export * from './template-check.js';
