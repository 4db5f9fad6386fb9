import { describe, expect, it } from 'vitest';
import { assertWithinLimits, blockKitViolations, LIMITS, optionsResponseViolations, type Surface } from '../../src/views/limits.js';

type Json = Record<string, unknown>;

const a = (length: number) => 'a'.repeat(length);
const plain = (text: string) => ({ type: 'plain_text', text });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const section = (text = 'x', extra: Json = {}): Json => ({ type: 'section', text: mrkdwn(text), ...extra });
const option = (extra: Json = {}): Json => ({ text: plain('o'), value: 'v', ...extra });
const options = (count: number) => Array.from({ length: count }, (_, i) => option({ value: `v${i}` }));
const button = (extra: Json = {}): Json => ({ type: 'button', text: plain('Go'), action_id: 'go', ...extra });
const actions = (elements: Json[]): Json => ({ type: 'actions', elements });
const input = (element: Json, extra: Json = {}): Json => ({ type: 'input', label: plain('Label'), element, ...extra });
const message = (blocks: Json[], text = 'fallback'): Json => ({ text, blocks });
const modal = (extra: Json = {}, blocks: Json[] = [section()]): Json => ({ type: 'modal', title: plain('Title'), close: plain('Close'), blocks, ...extra });
const confirm = (extra: Json = {}): Json => ({ title: plain('Sure?'), text: plain('Really?'), confirm: plain('Yes'), deny: plain('No'), ...extra });
const onButton = (extra: Json): Json => message([actions([button(extra)])]);
const onSelect = (element: Json): Json => modal({ submit: plain('Save') }, [input(element)]);

interface Rule {
  name: string;
  surface: Surface;
  /** At the limit: must pass. */
  atLimit: Json;
  /** Surface of `atLimit` when it differs from `surface`. */
  atLimitSurface?: Surface;
  /** One past the limit: must be reported. */
  over: Json;
  /** Text of the reported problem. */
  problem: string;
}

const RULES: Rule[] = [
  { name: 'message blocks', surface: 'message', atLimit: message(Array.from({ length: 50 }, () => ({ type: 'divider' }))), over: message(Array.from({ length: 51 }, () => ({ type: 'divider' }))), problem: 'blocks: 51 > 50' },
  { name: 'modal blocks', surface: 'modal', atLimit: modal({}, Array.from({ length: 100 }, () => ({ type: 'divider' }))), over: modal({}, Array.from({ length: 101 }, () => ({ type: 'divider' }))), problem: 'blocks: 101 > 100' },
  { name: 'home blocks', surface: 'home', atLimit: { type: 'home', blocks: Array.from({ length: 100 }, () => ({ type: 'divider' })) }, over: { type: 'home', blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) }, problem: 'blocks: 101 > 100' },
  { name: 'message fallback text present', surface: 'message', atLimit: message([section()], 'x'), over: message([section()], ''), problem: 'text: missing fallback text' },
  { name: 'message text length', surface: 'message', atLimit: message([section()], a(4000)), over: message([section()], a(4001)), problem: 'text: 4001 > 4000' },
  {
    name: 'total block text of a message',
    surface: 'message',
    atLimit: message([section(a(3000)), section(a(3000)), section(a(3000)), section(a(3000))]),
    over: message([section(a(3000)), section(a(3000)), section(a(3000)), section(a(3000)), section('a')]),
    problem: 'blocks: total text 12001 > 12000',
  },
  { name: 'modal title present', surface: 'modal', atLimit: modal({ title: plain('T') }), over: modal({ title: undefined }), problem: 'title: missing' },
  { name: 'modal title length', surface: 'modal', atLimit: modal({ title: plain(a(24)) }), over: modal({ title: plain(a(25)) }), problem: 'title: 25 > 24' },
  { name: 'modal submit length', surface: 'modal', atLimit: modal({ submit: plain(a(24)) }), over: modal({ submit: plain(a(25)) }), problem: 'submit: 25 > 24' },
  { name: 'modal close length', surface: 'modal', atLimit: modal({ close: plain(a(24)) }), over: modal({ close: plain(a(25)) }), problem: 'close: 25 > 24' },
  {
    name: 'submit with input blocks',
    surface: 'modal',
    atLimit: modal({ submit: plain('Save') }, [input({ type: 'plain_text_input', action_id: 'x' })]),
    over: modal({}, [input({ type: 'plain_text_input', action_id: 'x' })]),
    problem: 'submit: required when the view has input blocks',
  },
  { name: 'callback_id length', surface: 'modal', atLimit: modal({ callback_id: a(255) }), over: modal({ callback_id: a(256) }), problem: 'callback_id: 256 > 255' },
  { name: 'private_metadata length', surface: 'modal', atLimit: modal({ private_metadata: a(3000) }), over: modal({ private_metadata: a(3001) }), problem: 'private_metadata: 3001 > 3000' },
  { name: 'external_id length', surface: 'home', atLimit: { type: 'home', blocks: [], external_id: a(255) }, over: { type: 'home', blocks: [], external_id: a(256) }, problem: 'external_id: 256 > 255' },
  {
    name: 'view payload size',
    surface: 'home',
    atLimit: { type: 'home', blocks: [], private_metadata: '', padding: a(LIMITS.viewPayloadBytes - JSON.stringify({ type: 'home', blocks: [], private_metadata: '', padding: '' }).length) },
    over: { type: 'home', blocks: [], private_metadata: '', padding: a(LIMITS.viewPayloadBytes - JSON.stringify({ type: 'home', blocks: [], private_metadata: '', padding: '' }).length + 1) },
    problem: 'view: 250001 bytes > 250000',
  },
  { name: 'block_id length', surface: 'message', atLimit: message([section('x', { block_id: a(255) })]), over: message([section('x', { block_id: a(256) })]), problem: 'blocks[0].block_id: 256 > 255' },
  { name: 'block_id uniqueness', surface: 'message', atLimit: message([section('x', { block_id: 'a' }), section('x', { block_id: 'b' })]), over: message([section('x', { block_id: 'a' }), section('x', { block_id: 'a' })]), problem: 'blocks[1].block_id: duplicate "a"' },
  { name: 'section content present', surface: 'message', atLimit: message([{ type: 'section', fields: [mrkdwn('x')] }]), over: message([{ type: 'section' }]), problem: 'blocks[0]: section needs text or fields' },
  { name: 'section text not empty', surface: 'message', atLimit: message([section('x')]), over: message([section('')]), problem: 'blocks[0].text: empty' },
  { name: 'section text length', surface: 'message', atLimit: message([section(a(3000))]), over: message([section(a(3001))]), problem: 'blocks[0].text: 3001 > 3000' },
  {
    name: 'section field count',
    surface: 'message',
    atLimit: message([{ type: 'section', fields: Array.from({ length: 10 }, () => mrkdwn('f')) }]),
    over: message([{ type: 'section', fields: Array.from({ length: 11 }, () => mrkdwn('f')) }]),
    problem: 'blocks[0].fields: 11 > 10',
  },
  { name: 'section field length', surface: 'message', atLimit: message([{ type: 'section', fields: [mrkdwn(a(2000))] }]), over: message([{ type: 'section', fields: [mrkdwn(a(2001))] }]), problem: 'blocks[0].fields[0]: 2001 > 2000' },
  { name: 'section accessory', surface: 'message', atLimit: message([section('x', { accessory: button({ text: plain(a(75)) }) })]), over: message([section('x', { accessory: button({ text: plain(a(76)) }) })]), problem: 'blocks[0].accessory.text: 76 > 75' },
  { name: 'header length', surface: 'message', atLimit: message([{ type: 'header', text: plain(a(150)) }]), over: message([{ type: 'header', text: plain(a(151)) }]), problem: 'blocks[0].text: 151 > 150' },
  {
    name: 'context element count',
    surface: 'message',
    atLimit: message([{ type: 'context', elements: Array.from({ length: 10 }, () => mrkdwn('c')) }]),
    over: message([{ type: 'context', elements: Array.from({ length: 11 }, () => mrkdwn('c')) }]),
    problem: 'blocks[0].elements: 11 > 10',
  },
  { name: 'context element length', surface: 'message', atLimit: message([{ type: 'context', elements: [mrkdwn(a(3000))] }]), over: message([{ type: 'context', elements: [mrkdwn(a(3001))] }]), problem: 'blocks[0].elements[0]: 3001 > 3000' },
  {
    name: 'actions element count',
    surface: 'message',
    atLimit: message([actions(Array.from({ length: 25 }, (_, i) => button({ action_id: `b${i}` })))]),
    over: message([actions(Array.from({ length: 26 }, (_, i) => button({ action_id: `b${i}` })))]),
    problem: 'blocks[0].elements: 26 > 25',
  },
  { name: 'action_id uniqueness', surface: 'message', atLimit: message([actions([button({ action_id: 'a' }), button({ action_id: 'b' })])]), over: message([actions([button({ action_id: 'a' }), button({ action_id: 'a' })])]), problem: 'blocks[0].elements[1].action_id: duplicate "a"' },
  { name: 'input only in modals', surface: 'message', atLimitSurface: 'modal', atLimit: modal({ submit: plain('Save') }, [input({ type: 'plain_text_input', action_id: 'x' })]), over: message([input({ type: 'plain_text_input', action_id: 'x' })]), problem: 'blocks[0]: input blocks are only allowed in modals' },
  { name: 'input label length', surface: 'modal', atLimit: onSelect({ type: 'plain_text_input', action_id: 'x' }), over: modal({ submit: plain('Save') }, [input({ type: 'plain_text_input', action_id: 'x' }, { label: plain(a(2001)) })]), problem: 'blocks[0].label: 2001 > 2000' },
  { name: 'input hint length', surface: 'modal', atLimit: modal({ submit: plain('Save') }, [input({ type: 'plain_text_input', action_id: 'x' }, { hint: plain(a(2000)) })]), over: modal({ submit: plain('Save') }, [input({ type: 'plain_text_input', action_id: 'x' }, { hint: plain(a(2001)) })]), problem: 'blocks[0].hint: 2001 > 2000' },
  { name: 'image alt_text length', surface: 'message', atLimit: message([{ type: 'image', image_url: 'https://x.test/i.png', alt_text: a(2000) }]), over: message([{ type: 'image', image_url: 'https://x.test/i.png', alt_text: a(2001) }]), problem: 'blocks[0].alt_text: 2001 > 2000' },
  { name: 'image title length', surface: 'message', atLimit: message([{ type: 'image', image_url: 'https://x.test/i.png', alt_text: 'a', title: plain(a(2000)) }]), over: message([{ type: 'image', image_url: 'https://x.test/i.png', alt_text: 'a', title: plain(a(2001)) }]), problem: 'blocks[0].title: 2001 > 2000' },
  { name: 'image URL length', surface: 'message', atLimit: message([{ type: 'image', image_url: a(3000), alt_text: 'a' }]), over: message([{ type: 'image', image_url: a(3001), alt_text: 'a' }]), problem: 'blocks[0].image_url: 3001 > 3000' },
  { name: 'markdown block length', surface: 'home', atLimit: { type: 'home', blocks: [{ type: 'markdown', text: a(12000) }] }, over: { type: 'home', blocks: [{ type: 'markdown', text: a(12001) }] }, problem: 'blocks[0].text: 12001 > 12000' },
  { name: 'known block types', surface: 'message', atLimit: message([{ type: 'divider' }, { type: 'rich_text', elements: [] }]), over: message([{ type: 'video' }]), problem: 'blocks[0]: unknown block type video' },
  { name: 'element action_id length', surface: 'message', atLimit: onButton({ action_id: a(255) }), over: onButton({ action_id: a(256) }), problem: 'blocks[0].elements[0].action_id: 256 > 255' },
  { name: 'placeholder length', surface: 'modal', atLimit: onSelect({ type: 'plain_text_input', action_id: 'x', placeholder: plain(a(150)) }), over: onSelect({ type: 'plain_text_input', action_id: 'x', placeholder: plain(a(151)) }), problem: 'blocks[0].element.placeholder: 151 > 150' },
  { name: 'button text length', surface: 'message', atLimit: onButton({ text: plain(a(75)) }), over: onButton({ text: plain(a(76)) }), problem: 'blocks[0].elements[0].text: 76 > 75' },
  { name: 'button value length', surface: 'message', atLimit: onButton({ value: a(2000) }), over: onButton({ value: a(2001) }), problem: 'blocks[0].elements[0].value: 2001 > 2000' },
  { name: 'button URL length', surface: 'message', atLimit: onButton({ url: a(3000) }), over: onButton({ url: a(3001) }), problem: 'blocks[0].elements[0].url: 3001 > 3000' },
  { name: 'button accessibility_label length', surface: 'message', atLimit: onButton({ accessibility_label: a(75) }), over: onButton({ accessibility_label: a(76) }), problem: 'blocks[0].elements[0].accessibility_label: 76 > 75' },
  { name: 'confirm title length', surface: 'message', atLimit: onButton({ confirm: confirm({ title: plain(a(100)) }) }), over: onButton({ confirm: confirm({ title: plain(a(101)) }) }), problem: 'blocks[0].elements[0].confirm.title: 101 > 100' },
  { name: 'confirm text length', surface: 'message', atLimit: onButton({ confirm: confirm({ text: plain(a(300)) }) }), over: onButton({ confirm: confirm({ text: plain(a(301)) }) }), problem: 'blocks[0].elements[0].confirm.text: 301 > 300' },
  { name: 'confirm button length', surface: 'message', atLimit: onButton({ confirm: confirm({ confirm: plain(a(30)) }) }), over: onButton({ confirm: confirm({ confirm: plain(a(31)) }) }), problem: 'blocks[0].elements[0].confirm.confirm: 31 > 30' },
  { name: 'deny button length', surface: 'message', atLimit: onButton({ confirm: confirm({ deny: plain(a(30)) }) }), over: onButton({ confirm: confirm({ deny: plain(a(31)) }) }), problem: 'blocks[0].elements[0].confirm.deny: 31 > 30' },
  { name: 'overflow minimum options', surface: 'message', atLimit: message([actions([{ type: 'overflow', action_id: 'o', options: options(2) }])]), over: message([actions([{ type: 'overflow', action_id: 'o', options: options(1) }])]), problem: 'blocks[0].elements[0].options: 1 not in 2–5' },
  { name: 'overflow maximum options', surface: 'message', atLimit: message([actions([{ type: 'overflow', action_id: 'o', options: options(5) }])]), over: message([actions([{ type: 'overflow', action_id: 'o', options: options(6) }])]), problem: 'blocks[0].elements[0].options: 6 not in 2–5' },
  { name: 'overflow option text', surface: 'message', atLimit: message([actions([{ type: 'overflow', action_id: 'o', options: [option({ text: plain(a(75)) }), option()] }])]), over: message([actions([{ type: 'overflow', action_id: 'o', options: [option({ text: plain(a(76)) }), option()] }])]), problem: 'blocks[0].elements[0].options[0].text: 76 > 75' },
  { name: 'static select options', surface: 'modal', atLimit: onSelect({ type: 'static_select', action_id: 's', options: options(100) }), over: onSelect({ type: 'static_select', action_id: 's', options: options(101) }), problem: 'blocks[0].element.options: 101 > 100' },
  { name: 'static select needs an option', surface: 'modal', atLimit: onSelect({ type: 'static_select', action_id: 's', options: options(1) }), over: onSelect({ type: 'static_select', action_id: 's', options: [] }), problem: 'blocks[0].element.options: a static select needs at least one option' },
  {
    name: 'option group count',
    surface: 'modal',
    atLimit: onSelect({ type: 'multi_static_select', action_id: 's', option_groups: Array.from({ length: 100 }, () => ({ label: plain('g'), options: options(1) })) }),
    over: onSelect({ type: 'multi_static_select', action_id: 's', option_groups: Array.from({ length: 101 }, () => ({ label: plain('g'), options: options(1) })) }),
    problem: 'blocks[0].element.option_groups: 101 > 100',
  },
  { name: 'option group label', surface: 'modal', atLimit: onSelect({ type: 'static_select', action_id: 's', option_groups: [{ label: plain(a(75)), options: options(1) }] }), over: onSelect({ type: 'static_select', action_id: 's', option_groups: [{ label: plain(a(76)), options: options(1) }] }), problem: 'blocks[0].element.option_groups[0].label: 76 > 75' },
  { name: 'options per group', surface: 'modal', atLimit: onSelect({ type: 'static_select', action_id: 's', option_groups: [{ label: plain('g'), options: options(100) }] }), over: onSelect({ type: 'static_select', action_id: 's', option_groups: [{ label: plain('g'), options: options(101) }] }), problem: 'blocks[0].element.option_groups[0].options: 101 > 100' },
  { name: 'option value length', surface: 'modal', atLimit: onSelect({ type: 'static_select', action_id: 's', options: [option({ value: a(150) })] }), over: onSelect({ type: 'static_select', action_id: 's', options: [option({ value: a(151) })] }), problem: 'blocks[0].element.options[0].value: 151 > 150' },
  { name: 'option description length', surface: 'modal', atLimit: onSelect({ type: 'static_select', action_id: 's', options: [option({ description: plain(a(75)) })] }), over: onSelect({ type: 'static_select', action_id: 's', options: [option({ description: plain(a(76)) })] }), problem: 'blocks[0].element.options[0].description: 76 > 75' },
  { name: 'initial option', surface: 'modal', atLimit: onSelect({ type: 'static_select', action_id: 's', options: options(1), initial_option: option({ text: plain(a(75)) }) }), over: onSelect({ type: 'static_select', action_id: 's', options: options(1), initial_option: option({ text: plain(a(76)) }) }), problem: 'blocks[0].element.initial_option.text: 76 > 75' },
  { name: 'checkbox options', surface: 'modal', atLimit: onSelect({ type: 'checkboxes', action_id: 'c', options: options(10) }), over: onSelect({ type: 'checkboxes', action_id: 'c', options: options(11) }), problem: 'blocks[0].element.options: 11 > 10' },
  { name: 'radio button options', surface: 'modal', atLimit: onSelect({ type: 'radio_buttons', action_id: 'r', options: options(10) }), over: onSelect({ type: 'radio_buttons', action_id: 'r', options: options(11) }), problem: 'blocks[0].element.options: 11 > 10' },
  { name: 'radio buttons need an option', surface: 'modal', atLimit: onSelect({ type: 'radio_buttons', action_id: 'r', options: options(1) }), over: onSelect({ type: 'radio_buttons', action_id: 'r', options: [] }), problem: 'blocks[0].element.options: radio_buttons needs at least one option' },
  { name: 'checkbox initial options', surface: 'modal', atLimit: onSelect({ type: 'checkboxes', action_id: 'c', options: options(1), initial_options: [option({ value: a(150) })] }), over: onSelect({ type: 'checkboxes', action_id: 'c', options: options(1), initial_options: [option({ value: a(151) })] }), problem: 'blocks[0].element.initial_options.value: 151 > 150' },
];

describe('blockKitViolations', () => {
  it.each(RULES)('passes $name at the limit', ({ surface, atLimit, atLimitSurface }) => {
    expect(blockKitViolations(atLimitSurface ?? surface, atLimit)).toEqual([]);
  });

  it.each(RULES)('reports $name past the limit', ({ surface, over, problem }) => {
    expect(blockKitViolations(surface, over)).toContain(problem);
  });

  it('lists several problems at once', () => {
    const problems = blockKitViolations('modal', modal({ title: plain(a(25)), callback_id: a(256) }, [section(a(3001))]));

    expect(problems).toEqual(['title: 25 > 24', 'callback_id: 256 > 255', 'blocks[0].text: 3001 > 3000']);
  });
});

describe('assertWithinLimits', () => {
  it('throws with every problem listed', () => {
    expect(() => assertWithinLimits('message', message([section(a(3001))], ''))).toThrow('Block Kit limits exceeded (message):\n  text: missing fallback text\n  blocks[0].text: 3001 > 3000');
  });

  it('accepts a valid payload', () => {
    expect(() => assertWithinLimits('message', message([section()]))).not.toThrow();
  });
});

describe('optionsResponseViolations', () => {
  it.each<[string, Json, Json, string]>([
    ['options', { options: options(100) }, { options: options(101) }, 'options: 101 > 100'],
    ['option groups', { option_groups: Array.from({ length: 100 }, () => ({ label: plain('g'), options: options(1) })) }, { option_groups: Array.from({ length: 101 }, () => ({ label: plain('g'), options: options(1) })) }, 'option_groups: 101 > 100'],
    ['option text', { options: [option({ text: plain(a(75)) })] }, { options: [option({ text: plain(a(76)) })] }, 'options[0].text: 76 > 75'],
    ['group options', { option_groups: [{ label: plain('g'), options: options(100) }] }, { option_groups: [{ label: plain('g'), options: options(101) }] }, 'option_groups[0].options: 101 > 100'],
  ])('checks %s', (_name, atLimit, over, problem) => {
    expect(optionsResponseViolations(atLimit)).toEqual([]);
    expect(optionsResponseViolations(over)).toContain(problem);
  });
});
