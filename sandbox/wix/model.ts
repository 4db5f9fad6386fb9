/** The emulator's in-memory records. Field names follow Wix's REST objects where Wix documents them. */

export interface Resource {
  siteContext?: { metasiteId: string };
  accountContext?: { accountId: string };
}

export interface Role {
  id: string;
  name: string;
  description: string;
  isCustom: boolean;
  level: 'ACCOUNT' | 'SITE';
}

export interface Assignment {
  id: string;
  policyId: string;
  fullNameResource: Resource;
}

export interface Member {
  id: string;
  accountId: string;
  email: string;
  firstName: string;
  lastName: string;
  joinedTeamAt: string;
  isAccountOwner: boolean;
  assignments: Assignment[];
}

export interface Invite {
  id: string;
  accountId: string;
  email: string;
  status: 'Pending' | 'Used' | 'Deleted' | 'Declined' | 'Expired';
  policyIds: string[];
  assignments: Array<{ policyId: string; assignments: Array<{ fullNameResource: Resource }> }>;
  acceptLink: string;
  inviterAccountId: string;
  dateCreated: string;
  dateUpdated: string;
  expirationDate: string;
}

export interface Site {
  id: string;
  name: string;
  displayName: string;
  createdDate: string;
  updatedDate: string;
  published: boolean;
  premium: boolean;
  viewUrl: string;
  editUrl: string;
  ownerAccountId: string;
  contributorAccountIds: string[];
  editorType: 'EDITOR' | 'STUDIO' | 'EDITORLESS';
  blocked: boolean;
  folderId: string | null;
  namespace: 'WIX' | 'HEADLESS';
  domainConnected: boolean;
  state: 'ACTIVE';
}

export interface Folder {
  id: string;
  accountId: string;
  name: string;
  parentId: string;
  createdDate: string;
}

export interface Account {
  accountId: string;
  accountName: string;
  slug: string;
  /** The main account's ID for a child account; null for the main account and unrelated ones. */
  parentAccountId: string | null;
  createdDate: string;
}

export interface RegisteredDomain {
  id: string;
  domain: string;
  accountId: string;
  productInstanceId: string;
  registrationStatus: 'ACTIVE' | 'PENDING_REGISTRATION';
  siteInfo: { siteId: string } | null;
  createdDate: string;
  updatedDate: string;
  revision: string;
}

export interface ConnectedDomain {
  id: string;
  domain: string;
  accountId: string;
  connectionType: 'POINTING' | 'NAMESERVERS';
  dnsPropagationStatus: 'IN_PROGRESS' | 'COMPLETED';
  siteInfo: { siteId: string } | null;
  suppressNotifications: boolean;
  createdDate: string;
  updatedDate: string;
}

/** Everything the emulator knows. Handlers change it in place. */
export interface WixState {
  mainAccountId: string;
  accounts: Account[];
  roles: Role[];
  members: Member[];
  invites: Invite[];
  sites: Site[];
  folders: Folder[];
  registeredDomains: RegisteredDomain[];
  connectedDomains: ConnectedDomain[];
}
