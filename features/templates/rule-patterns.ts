// Heuristics of the rule checker. They are deliberately narrow: a false "reject" blocks a
// good template, so only patterns with few innocent uses are errors; the rest are warnings.

/** Link shorteners Meta reviewers reject because the destination is hidden. */
export const URL_SHORTENER =
  /(?<![\w.-])(?:https?:\/\/)?(?:www\.)?(?:bit\.ly|tinyurl\.com|t\.co|goo\.gl|ow\.ly|is\.gd|buff\.ly|rebrand\.ly|cutt\.ly|shorturl\.at|tiny\.cc|t\.ly|rb\.gy|bl\.ink|s\.id)\/\S*/i;

export const ANY_URL = /\bhttps?:\/\/\S+|\bwww\.\S+/i;

/** Wording that makes a message promotional, which utility and authentication templates may not be. */
export const PROMOTIONAL =
  /\b(?:sale|discounts?|\d+\s?% off|special offers?|buy now|shop now|order now|limited[- ]time|deals?|coupons?|promo(?:tion)?s?|promo codes?|vouchers?|clearance|black friday|cashback|for free|free (?:gift|shipping|trial|delivery))\b/i;

/** Wording of one-time codes, which belong in authentication templates. */
export const ONE_TIME_CODE =
  /\b(?:verification code|one[- ]time (?:pass)?code|otp|passcode|login code|security code)\b/i;

/** Placeholder names that carry a code in an authentication template. */
export const CODE_VARIABLE = /code|otp|pin|pass/i;

/**
 * Text addressed to a model rather than a customer. Templates are reviewed by an LLM, so an
 * instruction hidden in one is an attempt to steer the review, and a policy problem itself.
 */
export const PROMPT_INJECTION: readonly RegExp[] = [
  /\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+)?(?:of\s+)?(?:the\s+|your\s+|my\s+)?(?:(?:previous|prior|above|earlier|preceding|system|other)\s+)?(?:instructions?|rules|prompts?|polic(?:y|ies)|guidelines)\b/i,
  /\b(?:system prompt|developer message|new instructions?)\b/i,
  /\byou are (?:now )?(?:an?|the) (?:ai|assistant|model|language model|llm|chatbot|reviewer)\b/i,
  /\b(?:respond|reply|answer|output|return|set)\b[^.\n]{0,30}\b(?:verdict|"approve")/i,
  /\b(?:approve|accept|pass) this template\b/i,
  /<\/?(?:system|assistant|template|instructions?)>/i,
];

/** Goods and services WhatsApp's commerce policy restricts; a warning, since context matters. */
export const RESTRICTED_CONTENT =
  /\b(?:casinos?|betting|gambling|cannabis|marijuana|firearms?|ammunition|escort services?|adult content|payday loans?|prescription drugs?)\b/i;

export const EXCESSIVE_PUNCTUATION = /[!?]{3,}/;

/** `{name}`: looks like a variable, but only `{{ name }}` is filled in, so it reaches the customer verbatim. */
export const SINGLE_BRACE_PLACEHOLDER = /(?<!\{)\{\s*[A-Za-z_][\w.-]*\s*\}(?!\})/;
