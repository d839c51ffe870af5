import { isVariableName, malformedPlaceholders } from '../../core/index.js';
import {
  ANY_URL,
  CODE_VARIABLE,
  EXCESSIVE_PUNCTUATION,
  ONE_TIME_CODE,
  PROMOTIONAL,
  PROMPT_INJECTION,
  RESTRICTED_CONTENT,
  SINGLE_BRACE_PLACEHOLDER,
  URL_SHORTENER,
} from './rule-patterns.js';
import {
  MAX_BODY_CHARS,
  verdictOf,
  type TTemplateCategory,
  type TTemplateCheck,
  type TTemplateDraft,
  type TTemplateIssue,
} from './template-check.js';

export const RULES_NOTE =
  'Checked by the built-in rule checker (no OPENAI_API_KEY configured): deterministic WhatsApp policy rules, no language model.';

export interface TRuleFindings {
  issues: TTemplateIssue[];
  suggestedCategory?: TTemplateCategory;
}

interface TPlaceholder {
  name: string;
  start: number;
  end: number;
  isPositional: boolean;
}

/** Every well-formed placeholder (`{{ name }}`, and WhatsApp's positional `{{1}}`), in order. */
function placeholdersOf(content: string): TPlaceholder[] {
  const found: TPlaceholder[] = [];
  for (const match of content.matchAll(/\{\{([^{}]*)\}\}/g)) {
    const name = (match[1] ?? '').trim();
    const isPositional = /^\d+$/.test(name);
    if (!isPositional && !isVariableName(name)) continue;
    found.push({ name, start: match.index, end: match.index + match[0].length, isPositional });
  }
  return found;
}

function issue(
  rule: string,
  severity: TTemplateIssue['severity'],
  message: string,
  suggestion?: string,
): TTemplateIssue {
  return suggestion === undefined ? { rule, severity, message } : { rule, severity, message, suggestion };
}

function placeholderIssues(content: string, placeholders: readonly TPlaceholder[]): TTemplateIssue[] {
  const issues: TTemplateIssue[] = [];
  const positional = placeholders.filter((p) => p.isPositional).map((p) => `{{${p.name}}}`);
  if (positional.length > 0) {
    issues.push(
      issue(
        'positional_placeholder',
        'error',
        `Positional placeholders (${positional.join(', ')}) are not filled in: this app fills named ones from contact variables.`,
        'Use a named placeholder such as {{first_name}}.',
      ),
    );
  }
  const malformed = malformedPlaceholders(content).filter((text) => !/^\{\{\s*\d+\s*\}\}$/.test(text));
  if (malformed.length > 0) {
    issues.push(
      issue(
        'malformed_placeholder',
        'error',
        `Malformed placeholders would reach the customer verbatim: ${malformed.slice(0, 5).join(' ')}.`,
        'Write placeholders as {{name}}: letters, digits, _ . - and no spaces, starting with a letter or _.',
      ),
    );
  }
  if (SINGLE_BRACE_PLACEHOLDER.test(content)) {
    issues.push(
      issue(
        'single_brace_placeholder',
        'warning',
        'Text in single braces looks like a variable but is sent as is.',
        'Use double braces: {{name}}.',
      ),
    );
  }
  if (placeholders.some((p, i) => i > 0 && content.slice(placeholders[i - 1]?.end, p.start).trim() === '')) {
    issues.push(
      issue(
        'adjacent_variables',
        'error',
        'Two variables stand next to each other with no text between them; WhatsApp rejects that.',
        'Put words between the variables, or merge them into one.',
      ),
    );
  }
  const trimmedStart = content.length - content.trimStart().length;
  const trimmedEnd = content.trimEnd().length;
  if (placeholders[0]?.start === trimmedStart) {
    issues.push(
      issue(
        'variable_at_start',
        'error',
        'The template starts with a variable; WhatsApp rejects that.',
        'Start with fixed text, e.g. "Hi {{first_name}}".',
      ),
    );
  }
  if (placeholders.at(-1)?.end === trimmedEnd) {
    issues.push(
      issue(
        'variable_at_end',
        'error',
        'The template ends with a variable; WhatsApp rejects that.',
        'End with fixed text or punctuation, e.g. "... {{date}}. Thank you!".',
      ),
    );
  }
  // WhatsApp rejects templates that are mostly variables: at least two fixed words per variable.
  const fixedWords = content.replace(/\{\{[^{}]*\}\}/g, ' ').match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
  if (placeholders.length > 0 && fixedWords < 2 * placeholders.length + 1) {
    issues.push(
      issue(
        'too_many_variables',
        'error',
        `${placeholders.length} variable(s) for ${fixedWords} fixed word(s): too many variables for the template's length.`,
        'Add fixed text around the variables, or use fewer.',
      ),
    );
  }
  return issues;
}

function styleIssues(text: string): TTemplateIssue[] {
  const issues: TTemplateIssue[] = [];
  if (URL_SHORTENER.test(text)) {
    issues.push(
      issue(
        'url_shortener',
        'error',
        'Link shorteners hide the destination and get templates rejected.',
        'Use the full link on your own domain.',
      ),
    );
  }
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  const upper = text.match(/\p{Lu}/gu)?.length ?? 0;
  const shoutedWords = text.match(/\b\p{Lu}{4,}\b/gu)?.length ?? 0;
  if ((letters >= 12 && upper / letters > 0.6) || shoutedWords >= 3) {
    issues.push(
      issue(
        'all_caps',
        'warning',
        'Much of the text is in capitals, which reads as shouting and looks like spam.',
        'Use sentence case; keep capitals for acronyms.',
      ),
    );
  }
  if (EXCESSIVE_PUNCTUATION.test(text)) {
    issues.push(
      issue('excessive_punctuation', 'warning', 'Runs of "!" or "?" look like spam.', 'Use a single "!" or "?".'),
    );
  }
  if (RESTRICTED_CONTENT.test(text)) {
    issues.push(
      issue(
        'restricted_content',
        'warning',
        "It mentions goods or services that WhatsApp's commerce policy restricts.",
        'Check the WhatsApp Business and Commerce policies before submitting.',
      ),
    );
  }
  if (PROMPT_INJECTION.some((pattern) => pattern.test(text))) {
    issues.push(
      issue(
        'prompt_injection',
        'error',
        'The template contains instructions addressed to an automated reviewer (e.g. "ignore previous instructions").',
        'Remove text that is not meant for the customer.',
      ),
    );
  }
  return issues;
}

function categoryFindings(draft: TTemplateDraft, text: string, placeholders: readonly TPlaceholder[]): TRuleFindings {
  const issues: TTemplateIssue[] = [];
  let suggestedCategory: TTemplateCategory | undefined;
  if (draft.category !== 'marketing' && PROMOTIONAL.test(text)) {
    suggestedCategory = 'marketing';
    issues.push(
      issue(
        'category_mismatch',
        'warning',
        `Promotional wording in a ${draft.category} template: WhatsApp counts it as marketing.`,
        'Choose the marketing category, or remove the promotional wording.',
      ),
    );
  } else if (draft.category !== 'authentication' && ONE_TIME_CODE.test(text)) {
    suggestedCategory = 'authentication';
    issues.push(
      issue(
        'category_mismatch',
        'warning',
        'One-time codes belong in an authentication template.',
        'Choose the authentication category.',
      ),
    );
  }
  if (draft.category === 'authentication') {
    if (!placeholders.some((p) => !p.isPositional && CODE_VARIABLE.test(p.name))) {
      issues.push(
        issue(
          'auth_missing_code',
          'error',
          'An authentication template must carry the code in a placeholder.',
          'Add a placeholder for the code, e.g. "Your verification code is {{code}}."',
        ),
      );
    }
    if (ANY_URL.test(text)) {
      issues.push(
        issue(
          'auth_url',
          'warning',
          'Authentication templates may not contain links.',
          'Remove the link; WhatsApp adds its own copy-code or one-tap button.',
        ),
      );
    }
  }
  return suggestedCategory === undefined ? { issues } : { issues, suggestedCategory };
}

/**
 * The deterministic policy rules. Pure: the same draft always gives the same findings, so
 * they also guard the model's verdict (see validate-template.ts).
 */
export function findRuleIssues(draft: TTemplateDraft): TRuleFindings {
  const content = draft.content;
  if (content.trim() === '') {
    return {
      issues: [
        issue('empty_body', 'error', 'The template has no text.', 'Write the message the customer will receive.'),
      ],
    };
  }
  const issues: TTemplateIssue[] = [];
  const length = [...content].length;
  if (length > MAX_BODY_CHARS) {
    issues.push(
      issue(
        'body_too_long',
        'error',
        `The body is ${length} characters; WhatsApp allows ${MAX_BODY_CHARS}.`,
        'Shorten the text.',
      ),
    );
  }
  const placeholders = placeholdersOf(content);
  // Style and category heuristics look at the fixed text only: a variable's name is not what the customer reads.
  const text = content.replace(/\{\{[^{}]*\}\}/g, ' ');
  const category = categoryFindings(draft, text, placeholders);
  issues.push(...placeholderIssues(content, placeholders), ...styleIssues(text), ...category.issues);
  return category.suggestedCategory === undefined
    ? { issues }
    : { issues, suggestedCategory: category.suggestedCategory };
}

/** The rule checker's answer in the API's shape. */
export function checkTemplateRules(draft: TTemplateDraft): TTemplateCheck {
  const { issues, suggestedCategory } = findRuleIssues(draft);
  return {
    verdict: verdictOf(issues),
    issues,
    ...(suggestedCategory ? { suggestedCategory } : {}),
    checker: 'rules',
    note: RULES_NOTE,
  };
}
