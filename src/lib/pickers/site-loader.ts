import type { Logger } from 'pino';
import type { WixHttp } from '../wix/http.js';
import { queryFolders, type WixFolder } from '../wix/folders.js';
import { forEachLimited } from './concurrency.js';
import { ALL_SITE_NAMESPACES, SITE_QUERY_CAP, countSites, querySites, type WixSite } from '../wix/sites.js';

export interface LoadedSites {
  sites: WixSite[];
  /**
   * False when some sites may be missing: a partition still returned Query Sites' 1,000-site cap,
   * or the merged list is shorter than Count Sites' total.
   */
  complete: boolean;
  /** Count Sites' total across every namespace, or the number listed when one query held them all. */
  total: number;
}

type Filter = Record<string, unknown>;

/** Partitions queried at the same time; Wix rate limits are per account and undocumented. */
const CONCURRENCY = 4;

/**
 * Loads every site of the account. Query Sites returns at most 1,000 sites per query, so a
 * larger account is read in partitions that each stay under the cap. There is one query per
 * folder and one for the root. A folder that still reaches the cap is split again by namespace ×
 * published × premium. The partitions are merged and de-duplicated by site ID.
 */
export async function loadAllSites(wix: WixHttp, logger: Logger): Promise<LoadedSites> {
  // Most accounts fit one query; only one that reaches the cap pays for partitions.
  const single = await querySites(wix);
  if (single.complete && single.sites.length < SITE_QUERY_CAP) return { sites: single.sites, complete: true, total: single.sites.length };

  const total = await countSites(wix);

  let folders: WixFolder[] = [];
  let allFolders = true;
  try {
    ({ folders, complete: allFolders } = await queryFolders(wix));
  } catch (error) {
    // Without folders the account is split only by namespace × published × premium.
    logger.warn({ err: error }, 'folders unavailable; sites are partitioned without them');
  }
  const byId = new Map<string, WixSite>();
  let capped = 0;
  const partitions: Filter[] = folders.length > 0 ? [{ folderId: { $exists: false } }, ...folders.map((folder) => ({ folderId: folder.id }))] : [{}];
  await forEachLimited(partitions, CONCURRENCY, async (partition) => {
    const sites = await queryPartition(wix, partition);
    if (sites.capped) {
      // Too many sites in one folder: query it once per namespace × published × premium.
      await forEachLimited(splitPartition(partition), CONCURRENCY, async (part) => {
        const result = await queryPartition(wix, part);
        if (result.capped) capped += 1;
        for (const site of result.sites) byId.set(site.id, site);
      });
      return;
    }
    for (const site of sites.sites) byId.set(site.id, site);
  });

  const sites = [...byId.values()].sort((a, b) => (b.createdDate ?? '').localeCompare(a.createdDate ?? ''));
  const complete = capped === 0 && allFolders && sites.length >= total;
  logger.info({ sites: sites.length, total, folders: folders.length, cappedPartitions: capped, complete }, 'sites loaded in partitions');
  return { sites, complete, total };
}

async function queryPartition(wix: WixHttp, filter: Filter): Promise<{ sites: WixSite[]; capped: boolean }> {
  const result = await querySites(wix, { filter });
  return { sites: result.sites, capped: !result.complete || result.sites.length >= SITE_QUERY_CAP };
}

function splitPartition(partition: Filter): Filter[] {
  const parts: Filter[] = [];
  for (const namespace of ALL_SITE_NAMESPACES) {
    for (const published of [true, false]) {
      for (const premium of [true, false]) parts.push({ ...partition, namespace, published, premium });
    }
  }
  return parts;
}
