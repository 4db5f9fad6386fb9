/**
 * Slack's documented Block Kit limits, checked on our own output. Tests run every view through
 * `blockKitViolations` with worst-case input; the sandbox's Slack simulator rejects what Slack would.
 * Sources: Slack's block reference pages and the validators of Slack's own SDKs.
 */
export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  /** chat.update rejects top-level text over 4,000 characters (msg_too_long). */
  messageText: 4000,
  /** Undocumented total of block text per message that triggers msg_blocks_too_long (about 12–13k). */
  messageBlockTextTotal: 12000,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  inputLabel: 2000,
  inputHint: 2000,
  placeholder: 150,
  buttonText: 75,
  buttonAccessibilityLabel: 75,
  buttonValue: 2000,
  url: 3000,
  viewTitle: 24,
  viewSubmit: 24,
  viewClose: 24,
  callbackId: 255,
  privateMetadata: 3000,
  externalId: 255,
  blockId: 255,
  actionId: 255,
  selectOptions: 100,
  optionGroupLabel: 75,
  /** Checkboxes and radio buttons take at most 10 options, unlike selects. */
  choiceOptions: 10,
  optionText: 75,
  optionValue: 150,
  optionDescription: 75,
  overflowMinOptions: 2,
  overflowMaxOptions: 5,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  viewPayloadBytes: 250_000,
  imageAltText: 2000,
  imageTitle: 2000,
  /** The markdown block's own limit, shared by all markdown blocks of a payload. */
  markdownText: 12000,
} as const;

type Json = Record<string, unknown>;

export type Surface = 'message' | 'modal' | 'home';

/** Returns one line per limit broken; an empty list means Slack accepts the layout's sizes. */
export function blockKitViolations(surface: Surface, payload: Json): string[] {
  const problems: string[] = [];
  const blocks = (payload.blocks as Json[] | undefined) ?? [];
  const maxBlocks = surface === 'message' ? LIMITS.messageBlocks : LIMITS.viewBlocks;
  if (blocks.length > maxBlocks) problems.push(`blocks: ${blocks.length} > ${maxBlocks}`);

  if (surface === 'message') {
    const text = payload.text;
    if (typeof text !== 'string' || text.length === 0) problems.push('text: missing fallback text');
    else if (text.length > LIMITS.messageText) problems.push(`text: ${text.length} > ${LIMITS.messageText}`);
    const total = blocks.reduce((sum, block) => sum + blockTextLength(block), 0);
    if (total > LIMITS.messageBlockTextTotal) problems.push(`blocks: total text ${total} > ${LIMITS.messageBlockTextTotal}`);
  } else {
    checkView(surface, payload, problems);
  }

  const blockIds = new Set<string>();
  blocks.forEach((block, index) => {
    const at = `blocks[${index}]`;
    const blockId = block.block_id;
    if (typeof blockId === 'string') {
      if (blockId.length > LIMITS.blockId) problems.push(`${at}.block_id: ${blockId.length} > ${LIMITS.blockId}`);
      if (blockIds.has(blockId)) problems.push(`${at}.block_id: duplicate "${blockId}"`);
      blockIds.add(blockId);
    }
    checkBlock(block, at, problems, surface);
  });
  return problems;
}

/** Throws with every violation listed; for tests and the simulator. */
export function assertWithinLimits(surface: Surface, payload: Json): void {
  const problems = blockKitViolations(surface, payload);
  if (problems.length > 0) throw new Error(`Block Kit limits exceeded (${surface}):\n  ${problems.join('\n  ')}`);
}

function checkView(surface: Surface, view: Json, problems: string[]): void {
  if (surface === 'modal') {
    const title = textOf(view.title);
    if (!title) problems.push('title: missing');
    max(problems, 'title', title, LIMITS.viewTitle);
    max(problems, 'submit', textOf(view.submit), LIMITS.viewSubmit);
    max(problems, 'close', textOf(view.close), LIMITS.viewClose);
    const hasInput = ((view.blocks as Json[] | undefined) ?? []).some((block) => block.type === 'input');
    if (hasInput && !view.submit) problems.push('submit: required when the view has input blocks');
  }
  max(problems, 'callback_id', view.callback_id, LIMITS.callbackId);
  max(problems, 'private_metadata', view.private_metadata, LIMITS.privateMetadata);
  max(problems, 'external_id', view.external_id, LIMITS.externalId);
  const bytes = Buffer.byteLength(JSON.stringify(view), 'utf8');
  if (bytes > LIMITS.viewPayloadBytes) problems.push(`view: ${bytes} bytes > ${LIMITS.viewPayloadBytes}`);
}

function checkBlock(block: Json, at: string, problems: string[], surface: Surface): void {
  switch (block.type) {
    case 'section': {
      const text = block.text as Json | undefined;
      const fields = (block.fields as Json[] | undefined) ?? [];
      if (!text && fields.length === 0) problems.push(`${at}: section needs text or fields`);
      if (text) {
        const length = (textOf(text) ?? '').length;
        if (length === 0) problems.push(`${at}.text: empty`);
        if (length > LIMITS.sectionText) problems.push(`${at}.text: ${length} > ${LIMITS.sectionText}`);
      }
      if (fields.length > LIMITS.sectionFields) problems.push(`${at}.fields: ${fields.length} > ${LIMITS.sectionFields}`);
      fields.forEach((field, i) => max(problems, `${at}.fields[${i}]`, textOf(field), LIMITS.sectionFieldText));
      if (block.accessory) checkElement(block.accessory as Json, `${at}.accessory`, problems);
      break;
    }
    case 'header':
      max(problems, `${at}.text`, textOf(block.text), LIMITS.headerText);
      break;
    case 'context': {
      const elements = (block.elements as Json[] | undefined) ?? [];
      if (elements.length > LIMITS.contextElements) problems.push(`${at}.elements: ${elements.length} > ${LIMITS.contextElements}`);
      elements.forEach((element, i) => max(problems, `${at}.elements[${i}]`, textOf(element), LIMITS.sectionText));
      break;
    }
    case 'actions': {
      const elements = (block.elements as Json[] | undefined) ?? [];
      if (elements.length > LIMITS.actionsElements) problems.push(`${at}.elements: ${elements.length} > ${LIMITS.actionsElements}`);
      const actionIds = new Set<string>();
      elements.forEach((element, i) => {
        const id = element.action_id;
        if (typeof id === 'string') {
          if (actionIds.has(id)) problems.push(`${at}.elements[${i}].action_id: duplicate "${id}"`);
          actionIds.add(id);
        }
        checkElement(element, `${at}.elements[${i}]`, problems);
      });
      break;
    }
    case 'input':
      if (surface === 'message') problems.push(`${at}: input blocks are only allowed in modals`);
      max(problems, `${at}.label`, textOf(block.label), LIMITS.inputLabel);
      max(problems, `${at}.hint`, textOf(block.hint), LIMITS.inputHint);
      if (block.element) checkElement(block.element as Json, `${at}.element`, problems);
      break;
    case 'image':
      max(problems, `${at}.alt_text`, block.alt_text, LIMITS.imageAltText);
      max(problems, `${at}.title`, textOf(block.title), LIMITS.imageTitle);
      max(problems, `${at}.image_url`, block.image_url, LIMITS.url);
      break;
    case 'markdown':
      max(problems, `${at}.text`, block.text, LIMITS.markdownText);
      break;
    case 'divider':
    case 'rich_text':
      break;
    default:
      problems.push(`${at}: unknown block type ${String(block.type)}`);
  }
}

function checkElement(element: Json, at: string, problems: string[]): void {
  max(problems, `${at}.action_id`, element.action_id, LIMITS.actionId);
  max(problems, `${at}.placeholder`, textOf(element.placeholder), LIMITS.placeholder);
  if (element.confirm) checkConfirm(element.confirm as Json, `${at}.confirm`, problems);
  switch (element.type) {
    case 'button':
      max(problems, `${at}.text`, textOf(element.text), LIMITS.buttonText);
      max(problems, `${at}.value`, element.value, LIMITS.buttonValue);
      max(problems, `${at}.url`, element.url, LIMITS.url);
      max(problems, `${at}.accessibility_label`, element.accessibility_label, LIMITS.buttonAccessibilityLabel);
      break;
    case 'overflow': {
      const options = (element.options as Json[] | undefined) ?? [];
      if (options.length < LIMITS.overflowMinOptions || options.length > LIMITS.overflowMaxOptions) {
        problems.push(`${at}.options: ${options.length} not in ${LIMITS.overflowMinOptions}–${LIMITS.overflowMaxOptions}`);
      }
      options.forEach((option, i) => checkOption(option, `${at}.options[${i}]`, problems));
      break;
    }
    case 'radio_buttons':
    case 'checkboxes': {
      const options = (element.options as Json[] | undefined) ?? [];
      if (options.length > LIMITS.choiceOptions) problems.push(`${at}.options: ${options.length} > ${LIMITS.choiceOptions}`);
      if (options.length === 0) problems.push(`${at}.options: ${String(element.type)} needs at least one option`);
      options.forEach((option, i) => checkOption(option, `${at}.options[${i}]`, problems));
      for (const initial of (element.initial_options as Json[] | undefined) ?? []) checkOption(initial, `${at}.initial_options`, problems);
      if (element.initial_option) checkOption(element.initial_option as Json, `${at}.initial_option`, problems);
      break;
    }
    case 'static_select':
    case 'multi_static_select': {
      const options = (element.options as Json[] | undefined) ?? [];
      const groups = (element.option_groups as Json[] | undefined) ?? [];
      if (options.length > LIMITS.selectOptions) problems.push(`${at}.options: ${options.length} > ${LIMITS.selectOptions}`);
      if (groups.length > LIMITS.selectOptions) problems.push(`${at}.option_groups: ${groups.length} > ${LIMITS.selectOptions}`);
      if (options.length === 0 && groups.length === 0) problems.push(`${at}.options: a static select needs at least one option`);
      options.forEach((option, i) => checkOption(option, `${at}.options[${i}]`, problems));
      groups.forEach((group, g) => checkOptionGroup(group, `${at}.option_groups[${g}]`, problems));
      if (element.initial_option) checkOption(element.initial_option as Json, `${at}.initial_option`, problems);
      break;
    }
    default:
      break;
  }
}

/** Checks one option object; exported for options (block_suggestion) responses. */
export function checkOption(option: Json, at: string, problems: string[]): void {
  max(problems, `${at}.text`, textOf(option.text), LIMITS.optionText);
  max(problems, `${at}.value`, option.value, LIMITS.optionValue);
  max(problems, `${at}.description`, textOf(option.description), LIMITS.optionDescription);
}

function checkOptionGroup(group: Json, at: string, problems: string[]): void {
  const options = (group.options as Json[] | undefined) ?? [];
  max(problems, `${at}.label`, textOf(group.label), LIMITS.optionGroupLabel);
  if (options.length > LIMITS.selectOptions) problems.push(`${at}.options: ${options.length} > ${LIMITS.selectOptions}`);
  options.forEach((option, i) => checkOption(option, `${at}.options[${i}]`, problems));
}

/** Checks an `{ options }` or `{ option_groups }` response to a block_suggestion request. */
export function optionsResponseViolations(response: { options?: Json[]; option_groups?: Json[] }): string[] {
  const problems: string[] = [];
  const options = response.options ?? [];
  const groups = response.option_groups ?? [];
  if (options.length > LIMITS.selectOptions) problems.push(`options: ${options.length} > ${LIMITS.selectOptions}`);
  if (groups.length > LIMITS.selectOptions) problems.push(`option_groups: ${groups.length} > ${LIMITS.selectOptions}`);
  options.forEach((option, i) => checkOption(option, `options[${i}]`, problems));
  groups.forEach((group, g) => checkOptionGroup(group, `option_groups[${g}]`, problems));
  return problems;
}

function checkConfirm(confirm: Json, at: string, problems: string[]): void {
  max(problems, `${at}.title`, textOf(confirm.title), LIMITS.confirmTitle);
  max(problems, `${at}.text`, textOf(confirm.text), LIMITS.confirmText);
  max(problems, `${at}.confirm`, textOf(confirm.confirm), LIMITS.confirmButton);
  max(problems, `${at}.deny`, textOf(confirm.deny), LIMITS.confirmButton);
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as Json).text === 'string') return (value as Json).text as string;
  return undefined;
}

function blockTextLength(block: Json): number {
  let total = (textOf(block.text) ?? '').length;
  for (const field of (block.fields as Json[] | undefined) ?? []) total += (textOf(field) ?? '').length;
  if (block.type === 'context') for (const element of (block.elements as Json[] | undefined) ?? []) total += (textOf(element) ?? '').length;
  return total;
}

function max(problems: string[], at: string, value: unknown, limit: number): void {
  if (typeof value === 'string' && value.length > limit) problems.push(`${at}: ${value.length} > ${limit}`);
}
