/**
 * What an edited or imported SurveyJS questionnaire may contain (docs/questionnaires.md,
 * Import rules): the question types the answer validator checks exactly, and per type the
 * properties it may set. Anything else is refused by name rather than ignored, so nothing a
 * bureau imports can reach respondents unchecked (a preset answer, a redirect, an answer the
 * server cannot check).
 */

/** How a property's value is checked. */
export type PropertyRule =
  | "bool"
  | "int"
  | "number"
  | "text"
  | "expression"
  | "short"
  | "value"
  | "special"
  | { readonly oneOf: readonly (string | boolean)[] };

const common: Record<string, PropertyRule> = {
  type: "special",
  name: "special",
  title: "text",
  description: "text",
  visibleIf: "expression",
  isRequired: "bool",
  requiredIf: "expression",
  enableIf: "expression",
  startWithNewLine: "bool",
  titleLocation: { oneOf: ["default", "top", "bottom", "left", "hidden"] },
  descriptionLocation: { oneOf: ["default", "underTitle", "underInput"] },
  hideNumber: "bool",
  requiredErrorText: "text",
  width: "short",
  minWidth: "short",
  maxWidth: "short",
  indent: "int",
};

const choice: Record<string, PropertyRule> = {
  choices: "special",
  choicesOrder: { oneOf: ["none", "asc", "desc", "random"] },
  colCount: "int",
  showOtherItem: "bool",
  hasOther: "bool",
  otherText: "text",
  otherPlaceholder: "text",
  otherErrorText: "text",
  showNoneItem: "bool",
  hasNone: "bool",
  noneText: "text",
  showCommentArea: "bool",
  hasComment: "bool",
  commentText: "text",
  commentPlaceholder: "text",
  choicesVisibleIf: "expression",
  choicesEnableIf: "expression",
};

const dropdownLike: Record<string, PropertyRule> = {
  placeholder: "text",
  searchEnabled: "bool",
  allowClear: "bool",
};

/** Properties per supported type (common ones included). */
export const typeProperties: Readonly<Record<string, Readonly<Record<string, PropertyRule>>>> = {
  radiogroup: { ...common, ...choice },
  checkbox: { ...common, ...choice, maxSelectedChoices: "int", minSelectedChoices: "int" },
  dropdown: { ...common, ...choice, ...dropdownLike },
  tagbox: { ...common, ...choice, ...dropdownLike, maxSelectedChoices: "int" },
  rating: {
    ...common,
    rateMin: "int",
    rateMax: "int",
    rateStep: "int",
    rateCount: "int",
    rateValues: "special",
    minRateDescription: "text",
    maxRateDescription: "text",
    rateType: { oneOf: ["labels", "stars", "smileys"] },
    autoGenerate: "bool",
    displayMode: { oneOf: ["auto", "buttons", "dropdown"] },
    displayRateDescriptionsAsExtremeItems: "bool",
  },
  boolean: {
    ...common,
    labelTrue: "text",
    labelFalse: "text",
    valueTrue: "value",
    valueFalse: "value",
    renderAs: { oneOf: ["default", "checkbox", "radio"] },
    swapOrder: "bool",
  },
  text: {
    ...common,
    inputType: "special",
    min: "number",
    max: "number",
    step: "number",
    maxLength: "int",
    placeholder: "text",
  },
  comment: {
    ...common,
    maxLength: "int",
    rows: "int",
    placeholder: "text",
    autoGrow: "bool",
    allowResize: "bool",
  },
  html: { type: "special", name: "special", visibleIf: "expression", html: "text" },
  image: {
    type: "special",
    name: "special",
    visibleIf: "expression",
    imageLink: "short",
    altText: "text",
    imageHeight: "short",
    imageWidth: "short",
    contentMode: { oneOf: ["auto", "image"] },
    imageFit: { oneOf: ["none", "contain", "cover", "fill"] },
  },
  panel: {
    type: "special",
    name: "special",
    title: "text",
    description: "text",
    visibleIf: "expression",
    startWithNewLine: "bool",
    state: { oneOf: ["default", "collapsed", "expanded"] },
    elements: "special",
  },
};

export const supportedTypes = Object.keys(typeProperties);
export const choiceTypes: readonly string[] = ["radiogroup", "checkbox", "dropdown", "tagbox"];
/** Types that show something and store no answer. */
export const displayTypes: readonly string[] = ["html", "image", "panel"];

/** Properties refused with their own reason: they preset or change what a respondent answers. */
export const steeringProperties: readonly string[] = [
  "defaultValue",
  "defaultValueExpression",
  "setValueExpression",
  "setValueIf",
  "resetValueIf",
  "correctAnswer",
  "readOnly",
];

/** Properties the answer validator cannot check against (api/responses/answer-validation/). */
export const uncheckedProperties: readonly string[] = [
  "valueName",
  "validators",
  "choicesByUrl",
  "choicesFromQuestion",
  "choicesFromQuestionMode",
  "storeOthersAsComment",
];

/** The survey's own settings; `fixed` ones must keep the value the pages rely on. */
export const surveyProperties: Readonly<Record<string, PropertyRule>> = {
  title: "text",
  description: "text",
  completeText: "text",
  pageNextText: "text",
  pagePrevText: "text",
  pages: "special",
  calculatedValues: "special",
  showQuestionNumbers: { oneOf: ["on", "onPage", "off", true, false] },
  showProgressBar: { oneOf: ["off", "top", "bottom", "both", "auto"] },
  showCompletedPage: "special",
  clearInvisibleValues: "special",
  questionErrorLocation: { oneOf: ["top", "bottom"] },
  questionTitleLocation: { oneOf: ["top", "bottom", "left"] },
  questionDescriptionLocation: { oneOf: ["underTitle", "underInput"] },
  requiredText: "short",
  logoPosition: "short",
  widthMode: { oneOf: ["auto", "static", "responsive"] },
  maxTextLength: "int",
  maxOthersLength: "int",
  maxCommentLength: "int",
};

export const pageProperties: Readonly<Record<string, PropertyRule>> = {
  name: "special",
  title: "text",
  description: "text",
  visibleIf: "expression",
  elements: "special",
};

export const choiceProperties: Readonly<Record<string, PropertyRule>> = {
  value: "special",
  text: "text",
  visibleIf: "expression",
  enableIf: "expression",
};

/** Limits: a questionnaire is read by people on phones; these are far above any real one. */
export const limits = {
  bytes: 256 * 1024,
  pages: 30,
  questions: 200,
  elements: 300,
  choices: 100,
  depth: 3,
  text: 1000,
  html: 10_000,
  expression: 2000,
  textMaxLength: 1000,
  commentMaxLength: 5000,
} as const;

/** Question names: what the analysis and the exports accept as a column (analysis-settings.ts). */
export const questionNamePattern = /^[a-z][a-z0-9_]{0,62}$/;
/** Option values: the machine values stored in answers. */
export const optionValuePattern = /^[a-z0-9_]{1,63}$/;
/** Page names: the keys of the page times a submission reports. */
export const pageNamePattern = /^[A-Za-z0-9_-]{1,64}$/;
/** Variables the respondent page and the server's validator set. */
export const pageVariables: readonly string[] = ["presetGroup", "channelSchool"];
