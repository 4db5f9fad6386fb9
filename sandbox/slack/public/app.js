// The sandbox page: a small Slack client for the simulator's workspace. It reads the state the
// simulator keeps (GET /ui/state), re-reads it on every server-sent change event, and reports what
// the person does (POST /ui/...), which the simulator turns into signed requests to the bot.

import { renderBlocks } from './blocks.js';
import { plainText, renderMrkdwn, renderTextObject } from './mrkdwn.js';

const $ = (id) => document.getElementById(id);

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const session = {
  boot: null,
  user: null,
  /** A channel ID, a DM ID, or "home" for the app's Home tab. */
  place: null,
  state: null,
  /** Input state per surface: a view ID, or "channel/ts" for a message. */
  values: new Map(),
  rendered: { messages: '', modal: '', home: '' },
  lastSeen: new Map(),
  knownEdits: new Map(),
};

async function post(path, body) {
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return response.json();
}

function valuesFor(key) {
  if (!session.values.has(key)) session.values.set(key, {});
  return session.values.get(key);
}

const lookup = {
  user: (id) => session.boot.users.find((u) => u.id === id)?.realName ?? (id === session.boot.bot.userId ? session.boot.bot.name : undefined),
  channel: (id) => session.boot.channels.find((c) => c.id === id)?.name,
  group: (id) => ({ S0SBLEADS: 'team-leads', S0SBOWNRS: 'owners' })[id],
};

function status(text) {
  $('composer-status').textContent = text;
}

/** Shows a confirm object as Slack's confirmation dialog; resolves true when confirmed. */
function confirmDialog(dialog) {
  return new Promise((resolve) => {
    const backdrop = el('div', 'backdrop');
    const box = el('div', 'modal confirm');
    box.setAttribute('role', 'dialog');
    const header = el('div', 'modal-header');
    header.append(el('div', 'modal-title', plainText(dialog.title) || 'Are you sure?'));
    const body = el('div', 'modal-body');
    body.append(renderTextObject(dialog.text, lookup));
    const footer = el('div', 'modal-footer');
    const deny = el('button', 'btn confirm-deny', plainText(dialog.deny) || 'Cancel');
    const ok = el('button', `btn confirm-ok ${dialog.style === 'danger' ? 'danger' : 'primary'}`, plainText(dialog.confirm) || 'Yes');
    const done = (answer) => {
      backdrop.remove();
      resolve(answer);
    };
    deny.addEventListener('click', () => done(false));
    ok.addEventListener('click', () => done(true));
    footer.append(deny, ok);
    box.append(header, body, footer);
    backdrop.append(box);
    $('confirm-root').append(backdrop);
  });
}

function blockContext(key, source, extra = {}) {
  return {
    lookup,
    users: session.boot.users,
    values: valuesFor(key),
    confirm: confirmDialog,
    async onAction(action) {
      status('Sending the action to the bot…');
      const result = await post('/ui/action', { user: session.user, source, action, values: valuesFor(key) });
      status(result.ok ? '' : result.error);
    },
    onSuggest: (blockId, actionId, value) => post('/ui/suggest', { user: session.user, source, blockId, actionId, value, values: valuesFor(key) }),
    ...extra,
  };
}

function initials(name) {
  return name.split(/\s+/).map((part) => part[0]).join('').slice(0, 2).toUpperCase();
}

function renderMessage(message) {
  const isBot = message.user === session.boot.bot.userId;
  const row = el('div', `message${message.ephemeralTo ? ' ephemeral' : ''}${message.note ? ' note' : ''}`);
  row.dataset.ts = message.ts;
  const author = isBot ? session.boot.bot.name : lookup.user(message.user) ?? message.user;
  row.append(el('div', `avatar${isBot ? ' bot' : ''}`, isBot ? 'W' : initials(author)));
  const content = el('div', 'content');
  const meta = el('div', 'meta');
  meta.append(el('span', 'author', author));
  if (isBot) meta.append(el('span', 'app-tag', 'APP'));
  meta.append(el('span', 'time', new Date(Number(message.ts) * 1000).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })));
  if (message.edited) meta.append(el('span', 'edited', '(edited)'));
  if (message.ephemeralTo) meta.append(el('span', 'only-you', 'Only visible to you'));
  content.append(meta);
  if (message.blocks && message.blocks.length > 0) {
    const key = `${message.channel}/${message.ts}`;
    content.append(renderBlocks(message.blocks, blockContext(key, { kind: 'message', channel: message.channel, ts: message.ts })));
  } else {
    const text = el('div', 'text');
    text.append(message.note ? document.createTextNode(message.text) : renderMrkdwn(message.text, lookup));
    content.append(text);
  }
  for (const file of message.files ?? []) {
    const link = el('a', 'file', `📄 ${file.title || file.name}`);
    link.href = `/files/${file.id}`;
    content.append(link);
  }
  row.append(content);
  return row;
}

function conversation(id) {
  return session.state.conversations.find((c) => c.id === id);
}

function renderSidebar() {
  const list = $('channel-list');
  list.replaceChildren();
  for (const c of session.state.conversations.filter((c) => c.kind === 'channel')) list.append(navItem(c.id, `# ${c.name}`, c));
  const apps = $('app-list');
  apps.replaceChildren(navItem('home', session.boot.bot.name, conversation(dmChannel())));
}

function dmChannel() {
  return `D${session.user.slice(1)}`;
}

function navItem(place, label, c) {
  const item = el('li');
  const link = el('a', '', label);
  link.href = `#${place}`;
  link.dataset.conversation = place === 'home' ? dmChannel() : place;
  const active = session.place === place || (place === 'home' && session.place === dmChannel());
  if (active) link.classList.add('active');
  const newest = c?.messages.at(-1)?.ts ?? '0';
  if (!active && newest > (session.lastSeen.get(c?.id) ?? '0')) link.classList.add('unread');
  item.append(link);
  return item;
}

function renderMain() {
  const isApp = session.place === 'home' || session.place === dmChannel();
  const c = conversation(isApp ? dmChannel() : session.place);
  $('conversation-title').textContent = isApp ? session.boot.bot.name : `# ${c.name}`;
  $('conversation-topic').textContent = isApp ? 'App · Home and messages from the bot' : c.topic;
  $('tabs').classList.toggle('hidden', !isApp);
  for (const tab of document.querySelectorAll('.tab')) tab.classList.toggle('active', (tab.dataset.tab === 'home') === (session.place === 'home'));
  $('home').classList.toggle('hidden', session.place !== 'home');
  $('messages').classList.toggle('hidden', session.place === 'home');
  $('composer-form').classList.toggle('hidden', session.place === 'home');
  $('composer').placeholder = isApp ? `Message ${session.boot.bot.name} — the bot reads commands only` : `Message #${c.name} — try /wix help`;

  if (session.place === 'home') {
    const home = session.state.home;
    const signature = JSON.stringify([session.user, home]);
    if (signature !== session.rendered.home) {
      session.rendered.home = signature;
      const container = $('home');
      container.replaceChildren(home ? renderBlocks(home.view.blocks, blockContext(home.id, { kind: 'view', viewId: home.id })) : el('div', 'empty', 'The bot has not published a Home tab for you yet.'));
    }
    return;
  }
  session.lastSeen.set(c.id, c.messages.at(-1)?.ts ?? '0');
  const signature = JSON.stringify([session.user, c.id, c.messages]);
  if (signature === session.rendered.messages) return;
  session.rendered.messages = signature;
  const container = $('messages');
  container.replaceChildren();
  if (c.messages.length === 0) container.append(el('div', 'empty', 'No messages yet.'));
  for (const message of c.messages) {
    const row = renderMessage(message);
    const editKey = `${message.channel}/${message.ts}`;
    const fingerprint = JSON.stringify([message.text, message.blocks]);
    if (session.knownEdits.has(editKey) && session.knownEdits.get(editKey) !== fingerprint) row.classList.add('flash');
    session.knownEdits.set(editKey, fingerprint);
    container.append(row);
  }
  container.scrollTop = container.scrollHeight;
}

function requiredMissing(view, values) {
  const errors = {};
  (view.blocks ?? []).forEach((block, index) => {
    if (block.type !== 'input' || block.optional) return;
    const blockId = block.block_id ?? `sim-block-${index}`;
    const state = Object.values(values[blockId] ?? {})[0];
    const empty = !state || (state.value ?? state.selected_option ?? state.selected_user ?? state.selected_date ?? null) === null && !(state.selected_options?.length || state.selected_users?.length);
    if (empty) errors[blockId] = 'Please complete this required field.';
  });
  return errors;
}

function renderModal() {
  const stack = session.state.modals;
  const top = stack.at(-1);
  const signature = JSON.stringify([session.user, top?.id, top?.hash, top?.errors, top?.problem, stack.length]);
  if (signature === session.rendered.modal) return;
  session.rendered.modal = signature;
  const root = $('modal-root');
  root.replaceChildren();
  if (!top) return;

  const view = top.view;
  const values = valuesFor(top.id);
  let localErrors = {};
  const backdrop = el('div', 'backdrop');
  const box = el('div', 'modal');
  box.setAttribute('role', 'dialog');
  box.dataset.viewId = top.id;
  box.dataset.callbackId = view.callback_id ?? '';
  const header = el('div', 'modal-header');
  header.append(el('div', 'modal-title', plainText(view.title)));
  const x = el('button', 'modal-x', '×');
  x.title = 'Close';
  header.append(x);
  const body = el('div', 'modal-body');
  const draw = () => body.replaceChildren(renderBlocks(view.blocks, blockContext(top.id, { kind: 'view', viewId: top.id }, { errors: { ...top.errors, ...localErrors } })));
  draw();
  box.append(header, body);

  if (top.problem) box.append(el('div', 'modal-problem', top.problem));
  const footer = el('div', 'modal-footer');
  const close = el('button', 'btn modal-close', plainText(view.close) || (stack.length > 1 ? 'Back' : 'Cancel'));
  const closeView = () => post('/ui/close', { user: session.user, viewId: top.id, values });
  close.addEventListener('click', closeView);
  x.addEventListener('click', closeView);
  footer.append(close);

  if (view.submit) {
    const submit = el('button', 'btn primary modal-submit', plainText(view.submit));
    submit.addEventListener('click', async () => {
      localErrors = requiredMissing(view, values);
      if (Object.keys(localErrors).length > 0) {
        draw();
        return;
      }
      submit.disabled = true;
      const result = await post('/ui/submit', { user: session.user, viewId: top.id, values });
      submit.disabled = false;
      if (!result.ok) status(result.error);
    });
    footer.append(submit);
  }
  box.append(footer);
  backdrop.append(box);
  root.append(backdrop);
}

async function refresh() {
  session.state = await (await fetch(`/ui/state?user=${encodeURIComponent(session.user)}`)).json();
  renderSidebar();
  renderMain();
  renderModal();
}

/** Tells the bot that the Home tab was opened (app_home_opened), as Slack does on every visit. */
function openHome() {
  post('/ui/home', { user: session.user }).then((r) => status(r.ok ? '' : r.error));
}

function go(place) {
  const previous = session.place;
  session.place = place;
  if (place === 'home' && previous !== 'home') openHome();
  if (session.state) {
    renderSidebar();
    renderMain();
  }
}

function placeFromHash() {
  const wanted = decodeURIComponent(location.hash.slice(1).split('/')[0] ?? '');
  if (wanted === 'home' || wanted === dmChannel() || session.boot.channels.some((c) => c.id === wanted)) return wanted;
  return session.boot.channels[0].id;
}

function setupFaults() {
  if (!session.boot.faults) return;
  $('faults').classList.remove('hidden');
  const show = (f) => {
    $('fault-latency').value = f.latencyMs;
    $('fault-429').value = f.rateLimitRate;
    $('fault-5xx').value = f.serverErrorRate;
  };
  show(session.boot.faults);
  $('fault-apply').addEventListener('click', async () => {
    const result = await post('/ui/faults', { latencyMs: Number($('fault-latency').value), rateLimitRate: Number($('fault-429').value), serverErrorRate: Number($('fault-5xx').value) });
    if (result.error) status(result.error);
    else {
      show(result);
      status('Wix fault switch updated.');
    }
  });
}

async function main() {
  session.boot = await (await fetch('/ui/bootstrap')).json();
  $('workspace-name').textContent = session.boot.team.name;
  const params = new URLSearchParams(location.search);
  const stored = params.get('user') ?? localStorage.getItem('sandbox-user');
  session.user = session.boot.users.some((u) => u.id === stored) ? stored : session.boot.users[0].id;
  const switcher = $('user-switcher');
  for (const user of session.boot.users) switcher.append(new Option(`${user.realName} — ${user.role}`, user.id));
  switcher.value = session.user;
  switcher.addEventListener('change', async () => {
    session.user = switcher.value;
    localStorage.setItem('sandbox-user', session.user);
    session.rendered = { messages: '', modal: '', home: '' };
    if (session.place !== 'home' && session.place.startsWith('D')) session.place = dmChannel();
    await refresh();
    if (session.place === 'home') openHome();
  });

  $('composer-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = $('composer').value.trim();
    if (text === '') return;
    $('composer').value = '';
    const channel = session.place === 'home' ? dmChannel() : session.place;
    if (text.startsWith('/')) {
      status(`Running ${text.split(/\s+/)[0]}…`);
      const result = await post('/ui/command', { user: session.user, channel, text });
      status(result.ok ? '' : result.error);
    } else await post('/ui/message', { user: session.user, channel, text });
  });
  for (const tab of document.querySelectorAll('.tab')) tab.addEventListener('click', () => (location.hash = tab.dataset.tab === 'home' ? 'home' : dmChannel()));
  window.addEventListener('hashchange', () => go(placeFromHash()));
  setupFaults();

  session.place = placeFromHash();
  await refresh();
  if (session.place === 'home') openHome();
  const events = new EventSource('/ui/events');
  events.addEventListener('change', () => refresh());
  document.body.dataset.ready = 'true';
}

main();
