import { InputError, UsageError } from '../../lib/errors.js';
import { domainNameProblem, listDomains } from '../../lib/account/listing.js';
import { checkDomainAvailability } from '../../lib/wix/domains.js';
import { DOMAINS_PAGE_ACTION, domainAvailabilityMessage, domainsMessage } from '../../views/domains.js';
import { pagedListCommand, type PagedList } from './paged-list.js';
import type { SubcommandHandler } from './types.js';

export const domainsList: PagedList = {
  subcommand: 'domains',
  pageAction: DOMAINS_PAGE_ACTION,
  async render({ deps, state, log }) {
    const listing = await listDomains(deps.wix, deps.pickers.sites, state.query, log);
    return domainsMessage({ ...listing, state });
  },
};

const USAGE = 'domains [QUERY] | domains check NAME';
const list = pagedListCommand(domainsList, USAGE, 'List registered and connected domains, or check whether a domain is available.');

/** `/wix domains [QUERY]` lists domains, and `/wix domains check NAME` checks availability with Wix. */
export const domainsCommand: SubcommandHandler = {
  ...list,
  async run(context) {
    if (context.words[0]?.toLowerCase() !== 'check') return list.run(context);
    const names = context.words.slice(1);
    if (names.length !== 1) throw new UsageError('`/wix domains check` takes exactly one domain name.', `/wix domains check example.com`);
    const given = (names[0] ?? '').toLowerCase();
    const problem = domainNameProblem(given);
    if (problem) throw new InputError(problem);
    // A fully qualified name ends in a dot; Wix takes the name without it.
    const name = given.endsWith('.') ? given.slice(0, -1) : given;
    const result = await checkDomainAvailability(context.deps.wix, name);
    await context.respond({ response_type: 'ephemeral', ...domainAvailabilityMessage(result.domain, result.available) });
    context.log.info({ available: result.available }, 'domain availability sent');
  },
};
