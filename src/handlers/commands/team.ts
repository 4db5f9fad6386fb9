import { loadTeamList } from '../../lib/account/listing.js';
import { TEAM_PAGE_ACTION, teamMessage } from '../../views/team.js';
import { pagedListCommand, type PagedList } from './paged-list.js';

export const teamList: PagedList = {
  subcommand: 'team',
  pageAction: TEAM_PAGE_ACTION,
  async render({ deps, log, state }) {
    const team = await loadTeamList(deps.wix, deps.pickers, state.query, log);
    return teamMessage({ ...team, state });
  },
};

/** `/wix team [QUERY]`: members and pending invites, filtered by name, email or role. */
export const teamCommand = pagedListCommand(teamList, 'team [QUERY]', 'List team members and pending invites; filter by name, email or role.');
