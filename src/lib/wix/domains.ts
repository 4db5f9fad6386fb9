import { z } from 'zod';
import type { WixHttp } from './http.js';

// Domain objects are only partly documented: status and site fields are read from the names
// seen so far and default to null when absent.
const siteInfoSchema = z.looseObject({ siteId: z.string().optional(), id: z.string().optional(), metaSiteId: z.string().optional() }).optional();

const registeredDomainSchema = z
  .looseObject({
    id: z.string().optional(),
    domain: z.string().optional(),
    createdDate: z.string().optional(),
    status: z.string().optional(),
    registrationStatus: z.string().optional(),
    siteInfo: siteInfoSchema,
    site: siteInfoSchema,
  })
  .transform((d, ctx) => {
    const name = d.domain ?? d.id;
    if (!name) {
      ctx.addIssue({ code: 'custom', message: 'registered domain has no domain or id' });
      return z.NEVER;
    }
    const site = d.siteInfo ?? d.site;
    return { kind: 'registered' as const, domain: name, status: d.registrationStatus ?? d.status ?? null, siteId: site?.siteId ?? site?.metaSiteId ?? site?.id ?? null, createdAt: d.createdDate ?? null };
  });

const connectedDomainSchema = z
  .looseObject({
    id: z.string().optional(),
    domain: z.string().optional(),
    connectionType: z.string().optional(),
    dnsPropagationStatus: z.string().optional(),
    createdDate: z.string().optional(),
    siteInfo: siteInfoSchema,
  })
  .transform((d, ctx) => {
    const name = d.domain ?? d.id;
    if (!name) {
      ctx.addIssue({ code: 'custom', message: 'connected domain has no domain or id' });
      return z.NEVER;
    }
    return { kind: 'connected' as const, domain: name, status: d.dnsPropagationStatus ?? d.connectionType ?? null, siteId: d.siteInfo?.siteId ?? d.siteInfo?.metaSiteId ?? d.siteInfo?.id ?? null, createdAt: d.createdDate ?? null };
  });

export type WixDomain = z.output<typeof registeredDomainSchema> | z.output<typeof connectedDomainSchema>;

/** Most domains that List Registered Domains and List Connected Domains each return in one call. */
export const DOMAIN_LIST_CAP = 100;

/** List Registered Domains (bought through Wix); Wix returns at most 100, newest first. */
export async function listRegisteredDomains(wix: WixHttp): Promise<WixDomain[]> {
  const { data } = await wix.request({
    operation: 'List Registered Domains',
    method: 'GET',
    path: '/domains/v1/registered-domains',
    response: z.looseObject({ registeredDomains: z.array(registeredDomainSchema).default([]), domains: z.array(registeredDomainSchema).optional() }),
    kind: 'read',
  });
  return data.domains ?? data.registeredDomains;
}

/** List Connected Domains (registered elsewhere, connected to Wix); at most 100, newest first. */
export async function listConnectedDomains(wix: WixHttp): Promise<WixDomain[]> {
  const { data } = await wix.request({
    operation: 'List Connected Domains',
    method: 'GET',
    path: '/domains/v1/connected-domains',
    response: z.looseObject({ connectedDomains: z.array(connectedDomainSchema).default([]), domains: z.array(connectedDomainSchema).optional() }),
    kind: 'read',
  });
  return data.domains ?? data.connectedDomains;
}

/** Check Domain Availability: whether a domain (with its TLD) can be registered. */
export async function checkDomainAvailability(wix: WixHttp, domain: string): Promise<{ domain: string; available: boolean }> {
  const { data } = await wix.request({
    operation: 'Check Domain Availability',
    method: 'GET',
    path: '/domain-search/v2/check-domain-availability',
    query: { domain },
    response: z.looseObject({ availability: z.looseObject({ domain: z.string().optional(), available: z.boolean() }) }),
    kind: 'read',
  });
  return { domain: data.availability.domain ?? domain, available: data.availability.available };
}
