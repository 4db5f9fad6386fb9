// Renders Block Kit blocks and elements, and reports what the person does through `ctx`:
// ctx.onAction(action) for block_actions, ctx.onSuggest(blockId, actionId, query) for external
// selects, ctx.confirm(dialog) for confirm objects, and ctx.values[blockId][actionId] for input state.

import { plainText, renderMrkdwn, renderTextObject } from './mrkdwn.js';

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function optionLabel(option) {
  return option ? plainText(option.text) : '';
}

function sameOption(a, b) {
  return a && b && a.value === b.value;
}

/** Returns every option of a static select, including those inside option_groups. */
function staticOptions(element) {
  if (element.options) return element.options;
  return (element.option_groups ?? []).flatMap((group) => group.options ?? []);
}

function initialState(element) {
  const type = element.type;
  switch (type) {
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input':
      return { type, value: element.initial_value ?? null };
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return { type, selected_option: element.initial_option ?? null };
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      return { type, selected_options: element.initial_options ?? [] };
    case 'users_select':
      return { type, selected_user: element.initial_user ?? null };
    case 'multi_users_select':
      return { type, selected_users: element.initial_users ?? [] };
    case 'datepicker':
      return { type, selected_date: element.initial_date ?? null };
    default:
      return null;
  }
}

/** Slack fills in block_id and action_id when an app leaves them out; these stand-ins are stable. */
function ids(block, blockIndex, element, elementIndex) {
  return { blockId: block.block_id ?? `sim-block-${blockIndex}`, actionId: element.action_id ?? `sim-action-${blockIndex}-${elementIndex}` };
}

function stateFor(ctx, blockId, actionId, element) {
  ctx.values[blockId] ??= {};
  if (ctx.values[blockId][actionId] === undefined) {
    const initial = initialState(element);
    if (initial) ctx.values[blockId][actionId] = initial;
  }
  return ctx.values[blockId][actionId];
}

async function confirmed(ctx, element) {
  return element.confirm ? ctx.confirm(element.confirm) : true;
}

function button(element, ctx, blockId, actionId) {
  const node = el('button', `btn ${element.style ?? ''}`.trim(), plainText(element.text));
  node.type = 'button';
  node.dataset.actionId = actionId;
  node.addEventListener('click', async () => {
    if (!(await confirmed(ctx, element))) return;
    if (element.url) window.open(element.url, '_blank', 'noopener');
    ctx.onAction({ type: 'button', block_id: blockId, action_id: actionId, text: element.text, ...(element.value !== undefined ? { value: element.value } : {}), ...(element.style ? { style: element.style } : {}) });
  });
  return node;
}

function overflow(element, ctx, blockId, actionId) {
  const wrap = el('div', 'overflow');
  const toggle = el('button', 'btn overflow-toggle', '⋮');
  toggle.type = 'button';
  toggle.title = 'More actions';
  toggle.dataset.actionId = actionId;
  const menu = el('div', 'menu hidden');
  for (const option of element.options ?? []) {
    const item = el('button', 'menu-item', optionLabel(option));
    item.type = 'button';
    item.addEventListener('click', async () => {
      menu.classList.add('hidden');
      if (option.url) window.open(option.url, '_blank', 'noopener');
      if (!(await confirmed(ctx, element))) return;
      ctx.onAction({ type: 'overflow', block_id: blockId, action_id: actionId, selected_option: option });
    });
    menu.append(item);
  }
  toggle.addEventListener('click', () => menu.classList.toggle('hidden'));
  wrap.append(toggle, menu);
  return wrap;
}

function staticSelect(element, ctx, blockId, actionId, dispatch) {
  const state = stateFor(ctx, blockId, actionId, element);
  const select = el('select', 'select');
  select.dataset.actionId = actionId;
  select.append(new Option(plainText(element.placeholder) || 'Select an option', ''));
  const addOptions = (parent, options) => {
    for (const option of options) {
      const node = new Option(optionLabel(option), option.value);
      node.selected = sameOption(option, state.selected_option);
      parent.append(node);
    }
  };
  if (element.option_groups) {
    for (const group of element.option_groups) {
      const optgroup = document.createElement('optgroup');
      optgroup.label = plainText(group.label);
      addOptions(optgroup, group.options ?? []);
      select.append(optgroup);
    }
  } else addOptions(select, element.options ?? []);
  select.addEventListener('change', async () => {
    const option = staticOptions(element).find((o) => o.value === select.value) ?? null;
    if (dispatch && !(await confirmed(ctx, element))) {
      select.value = state.selected_option?.value ?? '';
      return;
    }
    state.selected_option = option;
    if (dispatch && option) ctx.onAction({ type: 'static_select', block_id: blockId, action_id: actionId, selected_option: option, placeholder: element.placeholder });
  });
  return select;
}

/** A search box that asks the app for options (block_suggestion) as the person types. */
function externalSearch(element, ctx, blockId, actionId, onPick) {
  const wrap = el('div', 'combo');
  const input = el('input', 'input combo-input');
  input.placeholder = plainText(element.placeholder) || 'Type to search';
  input.dataset.actionId = actionId;
  const list = el('div', 'combo-list hidden');
  const minLength = element.min_query_length ?? 3;
  let timer = null;
  let seq = 0;
  const showOptions = (result) => {
    list.replaceChildren();
    if (!result.ok) {
      list.append(el('div', 'combo-note error', result.error ?? 'Could not load options'));
    } else {
      const groups = result.option_groups ?? [{ options: result.options ?? [] }];
      let count = 0;
      for (const group of groups) {
        if (group.label) list.append(el('div', 'combo-group', plainText(group.label)));
        for (const option of group.options ?? []) {
          count += 1;
          const item = el('button', 'combo-item', optionLabel(option));
          item.type = 'button';
          if (option.description) item.append(el('span', 'combo-description', plainText(option.description)));
          item.addEventListener('mousedown', (event) => {
            event.preventDefault();
            list.classList.add('hidden');
            input.value = '';
            onPick(option);
          });
          list.append(item);
        }
      }
      if (count === 0) list.append(el('div', 'combo-note', 'No results'));
    }
    list.classList.remove('hidden');
  };
  const search = () => {
    clearTimeout(timer);
    if (input.value.length < minLength) {
      list.replaceChildren(el('div', 'combo-note', `Type at least ${minLength} characters`));
      list.classList.remove('hidden');
      return;
    }
    timer = setTimeout(async () => {
      const mine = ++seq;
      list.replaceChildren(el('div', 'combo-note', 'Loading…'));
      list.classList.remove('hidden');
      const result = await ctx.onSuggest(blockId, actionId, input.value);
      if (mine === seq) showOptions(result);
    }, 200);
  };
  input.addEventListener('input', search);
  input.addEventListener('focus', search);
  input.addEventListener('blur', () => setTimeout(() => list.classList.add('hidden'), 150));
  wrap.append(input, list);
  return wrap;
}

function externalSelect(element, ctx, blockId, actionId, dispatch) {
  const state = stateFor(ctx, blockId, actionId, element);
  const wrap = el('div', 'external');
  const chosen = el('div', 'chosen');
  const renderChosen = () => {
    chosen.replaceChildren();
    if (state.selected_option) {
      chosen.append(el('span', 'chip', optionLabel(state.selected_option)));
      const clear = el('button', 'chip-remove', '×');
      clear.type = 'button';
      clear.title = 'Clear';
      clear.addEventListener('click', () => {
        state.selected_option = null;
        renderChosen();
      });
      chosen.append(clear);
    }
  };
  renderChosen();
  wrap.append(
    chosen,
    externalSearch(element, ctx, blockId, actionId, async (option) => {
      if (dispatch && !(await confirmed(ctx, element))) return;
      state.selected_option = option;
      renderChosen();
      if (dispatch) ctx.onAction({ type: 'external_select', block_id: blockId, action_id: actionId, selected_option: option });
    }),
  );
  return wrap;
}

function multiSelect(element, ctx, blockId, actionId, dispatch) {
  const state = stateFor(ctx, blockId, actionId, element);
  const external = element.type === 'multi_external_select';
  const users = element.type === 'multi_users_select';
  const key = users ? 'selected_users' : 'selected_options';
  const wrap = el('div', 'multi');
  const chips = el('div', 'chips');
  const labelOf = (item) => (users ? ctx.lookup.user(item) ?? item : optionLabel(item));
  const same = (a, b) => (users ? a === b : sameOption(a, b));
  const changed = () => {
    renderChips();
    if (dispatch) ctx.onAction({ type: element.type, block_id: blockId, action_id: actionId, [key]: state[key] });
  };
  const renderChips = () => {
    chips.replaceChildren();
    for (const item of state[key]) {
      const chip = el('span', 'chip', labelOf(item));
      const remove = el('button', 'chip-remove', '×');
      remove.type = 'button';
      remove.addEventListener('click', () => {
        state[key] = state[key].filter((other) => !same(other, item));
        changed();
      });
      chip.append(remove);
      chips.append(chip);
    }
  };
  renderChips();
  const add = (item) => {
    if (state[key].some((other) => same(other, item))) return;
    if (element.max_selected_items && state[key].length >= element.max_selected_items) return;
    state[key] = [...state[key], item];
    changed();
  };
  if (external) {
    wrap.append(chips, externalSearch(element, ctx, blockId, actionId, add));
    return wrap;
  }
  const select = el('select', 'select');
  select.dataset.actionId = actionId;
  select.append(new Option(plainText(element.placeholder) || 'Add…', ''));
  const choices = users ? ctx.users.map((u) => ({ value: u.id, label: u.realName })) : staticOptions(element).map((o) => ({ value: o.value, label: optionLabel(o) }));
  for (const choice of choices) select.append(new Option(choice.label, choice.value));
  select.addEventListener('change', () => {
    if (select.value === '') return;
    add(users ? select.value : staticOptions(element).find((o) => o.value === select.value));
    select.value = '';
  });
  wrap.append(chips, select);
  return wrap;
}

function textInput(element, ctx, blockId, actionId, dispatch) {
  const state = stateFor(ctx, blockId, actionId, element);
  const node = element.multiline ? el('textarea', 'input') : el('input', 'input');
  if (!element.multiline) node.type = { email_text_input: 'email', url_text_input: 'url', number_input: 'number' }[element.type] ?? 'text';
  node.placeholder = plainText(element.placeholder);
  node.value = state.value ?? '';
  node.dataset.actionId = actionId;
  if (element.max_length) node.maxLength = element.max_length;
  node.addEventListener('input', () => {
    state.value = node.value === '' ? null : node.value;
  });
  if (dispatch) node.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !element.multiline) ctx.onAction({ type: element.type, block_id: blockId, action_id: actionId, value: node.value });
  });
  return node;
}

function choiceList(element, ctx, blockId, actionId, dispatch) {
  const state = stateFor(ctx, blockId, actionId, element);
  const multiple = element.type === 'checkboxes';
  const wrap = el('div', 'choices');
  for (const option of element.options ?? []) {
    const label = el('label', 'choice');
    const box = el('input');
    box.type = multiple ? 'checkbox' : 'radio';
    box.name = `${blockId}/${actionId}`;
    box.checked = multiple ? state.selected_options.some((o) => sameOption(o, option)) : sameOption(state.selected_option, option);
    box.addEventListener('change', () => {
      if (multiple) state.selected_options = box.checked ? [...state.selected_options, option] : state.selected_options.filter((o) => !sameOption(o, option));
      else state.selected_option = option;
      if (dispatch) ctx.onAction({ type: element.type, block_id: blockId, action_id: actionId, ...(multiple ? { selected_options: state.selected_options } : { selected_option: option }) });
    });
    const text = el('span');
    text.append(renderTextObject(option.text, ctx.lookup));
    label.append(box, text);
    if (option.description) label.append(el('span', 'choice-description', plainText(option.description)));
    wrap.append(label);
  }
  return wrap;
}

function singleUserSelect(element, ctx, blockId, actionId, dispatch) {
  const state = stateFor(ctx, blockId, actionId, element);
  const select = el('select', 'select');
  select.dataset.actionId = actionId;
  select.append(new Option(plainText(element.placeholder) || 'Select a person', ''));
  for (const user of ctx.users) {
    const option = new Option(user.realName, user.id);
    option.selected = state.selected_user === user.id;
    select.append(option);
  }
  select.addEventListener('change', () => {
    state.selected_user = select.value || null;
    if (dispatch) ctx.onAction({ type: 'users_select', block_id: blockId, action_id: actionId, selected_user: state.selected_user });
  });
  return select;
}

function datePicker(element, ctx, blockId, actionId, dispatch) {
  const state = stateFor(ctx, blockId, actionId, element);
  const node = el('input', 'input');
  node.type = 'date';
  node.value = state.selected_date ?? '';
  node.dataset.actionId = actionId;
  node.addEventListener('change', () => {
    state.selected_date = node.value || null;
    if (dispatch) ctx.onAction({ type: 'datepicker', block_id: blockId, action_id: actionId, selected_date: state.selected_date });
  });
  return node;
}

/** Shows an image's alt text instead of fetching it, so the sandbox page never contacts another host. */
function imagePlaceholder(element, className) {
  const node = el('span', className, `🖼 ${element.alt_text ?? 'image'}`);
  node.title = element.image_url ?? '';
  return node;
}

/** Renders one interactive element. When `dispatch` is true, a change sends block_actions. */
export function renderElement(element, ctx, blockId, actionId, dispatch = true) {
  switch (element.type) {
    case 'button':
      return button(element, ctx, blockId, actionId);
    case 'overflow':
      return overflow(element, ctx, blockId, actionId);
    case 'static_select':
      return staticSelect(element, ctx, blockId, actionId, dispatch);
    case 'external_select':
      return externalSelect(element, ctx, blockId, actionId, dispatch);
    case 'multi_static_select':
    case 'multi_external_select':
    case 'multi_users_select':
      return multiSelect(element, ctx, blockId, actionId, dispatch);
    case 'users_select':
      return singleUserSelect(element, ctx, blockId, actionId, dispatch);
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input':
      return textInput(element, ctx, blockId, actionId, dispatch);
    case 'checkboxes':
    case 'radio_buttons':
      return choiceList(element, ctx, blockId, actionId, dispatch);
    case 'datepicker':
      return datePicker(element, ctx, blockId, actionId, dispatch);
    case 'image':
      return imagePlaceholder(element, 'image-inline');
    default:
      return el('span', 'unsupported', `[${element.type} is not shown in the sandbox]`);
  }
}

function section(block, index, ctx) {
  const node = el('div', 'block section');
  const body = el('div', 'section-body');
  if (block.text) {
    const text = el('div', 'section-text');
    text.append(renderTextObject(block.text, ctx.lookup));
    body.append(text);
  }
  if (block.fields) {
    const fields = el('div', 'fields');
    for (const field of block.fields) {
      const cell = el('div', 'field');
      cell.append(renderTextObject(field, ctx.lookup));
      fields.append(cell);
    }
    body.append(fields);
  }
  node.append(body);
  if (block.accessory) {
    const { blockId, actionId } = ids(block, index, block.accessory, 0);
    const accessory = el('div', 'accessory');
    accessory.append(renderElement(block.accessory, ctx, blockId, actionId));
    node.append(accessory);
  }
  return node;
}

function inputBlock(block, index, ctx) {
  const node = el('div', 'block input-block');
  const { blockId, actionId } = ids(block, index, block.element, 0);
  node.dataset.blockId = blockId;
  const label = el('label', 'input-label', plainText(block.label));
  if (block.optional) label.append(el('span', 'optional', ' (optional)'));
  node.append(label, renderElement(block.element, ctx, blockId, actionId, block.dispatch_action === true));
  if (block.hint) node.append(el('div', 'hint', plainText(block.hint)));
  const error = ctx.errors?.[blockId];
  if (error) node.append(el('div', 'input-error', error));
  return node;
}

function renderBlock(block, index, ctx) {
  switch (block.type) {
    case 'section':
      return section(block, index, ctx);
    case 'header':
      return el('div', 'block header', plainText(block.text));
    case 'divider':
      return el('hr', 'block divider');
    case 'context': {
      const node = el('div', 'block context');
      for (const element of block.elements ?? []) {
        if (element.type === 'image') node.append(imagePlaceholder(element, 'context-image'));
        else {
          const part = el('span', 'context-part');
          part.append(renderTextObject(element, ctx.lookup));
          node.append(part);
        }
      }
      return node;
    }
    case 'actions': {
      const node = el('div', 'block actions');
      (block.elements ?? []).forEach((element, elementIndex) => {
        const { blockId, actionId } = ids(block, index, element, elementIndex);
        node.append(renderElement(element, ctx, blockId, actionId));
      });
      return node;
    }
    case 'input':
      return inputBlock(block, index, ctx);
    case 'image': {
      const node = el('div', 'block image');
      if (block.title) node.append(el('div', 'image-title', plainText(block.title)));
      node.append(imagePlaceholder(block, 'image-placeholder'));
      return node;
    }
    case 'rich_text': {
      const node = el('div', 'block rich-text');
      const text = (block.elements ?? []).flatMap((section) => (section.elements ?? []).map((e) => e.text ?? '')).join('');
      node.append(renderMrkdwn(text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'), ctx.lookup));
      return node;
    }
    default:
      return el('div', 'block unsupported', `[${block.type} block is not shown in the sandbox]`);
  }
}

/** Renders a list of blocks into a container element. */
export function renderBlocks(blocks, ctx) {
  const container = el('div', 'blocks');
  (blocks ?? []).forEach((block, index) => {
    const node = renderBlock(block, index, ctx);
    if (block.block_id) node.dataset.blockId = block.block_id;
    container.append(node);
  });
  return container;
}
