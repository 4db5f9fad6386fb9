import { z } from 'zod';
import type { WixHttp } from './http.js';

export const wixFolderSchema = z.looseObject({
  id: z.string(),
  name: z.string().default(''),
  parentId: z.string().nullable().optional(),
  siteCount: z.number().int().nonnegative().optional(),
});

export type WixFolder = z.output<typeof wixFolderSchema>;

const queryFoldersResponseSchema = z.looseObject({
  folders: z.array(wixFolderSchema).default([]),
  metadata: z.looseObject({ hasNext: z.boolean().optional(), cursors: z.looseObject({ next: z.string().nullable().optional() }).optional() }).optional(),
  pagingMetadata: z.looseObject({ hasNext: z.boolean().optional(), cursors: z.looseObject({ next: z.string().nullable().optional() }).optional() }).optional(),
});

const PAGE_SIZE = 100;
const MAX_PAGES = 100;

/**
 * Query Folders: every site folder of the account, nested ones included, following the cursor.
 * Returns `complete: false` when paging stopped at 10,000 folders.
 */
export async function queryFolders(wix: WixHttp): Promise<{ folders: WixFolder[]; complete: boolean }> {
  const folders: WixFolder[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const paging: Record<string, unknown> = cursor ? { limit: PAGE_SIZE, cursor } : { limit: PAGE_SIZE };
    const result = await wix.request({
      operation: 'Query Folders',
      method: 'POST',
      path: '/site-folders/v2/folders/query',
      body: { query: { cursorPaging: paging } },
      response: queryFoldersResponseSchema,
      kind: 'read',
    });
    folders.push(...result.data.folders);
    const metadata = result.data.metadata ?? result.data.pagingMetadata;
    const next: string | null = metadata?.cursors?.next ?? null;
    if (!(metadata?.hasNext ?? Boolean(next)) || !next) return { folders, complete: true };
    cursor = next;
  }
  return { folders, complete: false };
}
