import type { Logger } from 'pino';

export interface CachedIndexOptions<T> {
  /** Name for logs, such as "sites". */
  name: string;
  /**
   * Reads the whole list from Wix. A loader that may miss items returns `complete: false`, which
   * `complete` then reports.
   */
  load: () => Promise<T[] | LoadedList<T>>;
  id: (item: T) => string;
  /** Texts a search matches against (name, email, domain …). */
  searchText: (item: T) => string[];
  /** How long a loaded list counts as fresh; after that it is served while a refresh runs. */
  ttlMs: number;
  logger: Logger;
  now?: () => number;
}

export interface LoadedList<T> {
  items: T[];
  complete: boolean;
}

interface Entry<T> {
  item: T;
  id: string;
  haystack: string[];
}

export interface SearchResult<T> {
  items: T[];
  /** How many items matched in all, before the limit. */
  total: number;
}

/**
 * An in-memory list of Wix objects for pickers, so that a search returns within Slack's
 * 3-second window even for large accounts. A stale list is served while one refresh runs in the
 * background; `invalidate` after the bot's own changes makes the next read refresh it.
 */
export class CachedIndex<T> {
  private entries: Entry<T>[] | null = null;
  private byId = new Map<string, Entry<T>>();
  private loadedAt = 0;
  private loadedComplete = true;
  private loading: Promise<void> | null = null;
  private readonly now: () => number;

  constructor(private readonly options: CachedIndexOptions<T>) {
    this.now = options.now ?? Date.now;
  }

  /** Returns all items. Waits for the first load, then serves the cache and refreshes it when stale. */
  async items(): Promise<T[]> {
    return (await this.ready()).map((entry) => entry.item);
  }

  async get(id: string): Promise<T | undefined> {
    await this.ready();
    return this.byId.get(id)?.item;
  }

  /**
   * Case-insensitive search: exact ID first, then texts that start with the query, then texts
   * that contain it. An empty query lists the first `limit` items.
   */
  async search(query: string, limit = 100): Promise<SearchResult<T>> {
    const entries = await this.ready();
    const needle = query.trim().toLowerCase();
    if (!needle) return { items: entries.slice(0, limit).map((e) => e.item), total: entries.length };
    const exact: Entry<T>[] = [];
    const prefix: Entry<T>[] = [];
    const contains: Entry<T>[] = [];
    for (const entry of entries) {
      if (entry.id.toLowerCase() === needle) exact.push(entry);
      else if (entry.haystack.some((text) => text.startsWith(needle))) prefix.push(entry);
      else if (entry.haystack.some((text) => text.includes(needle))) contains.push(entry);
    }
    const matches = [...exact, ...prefix, ...contains];
    return { items: matches.slice(0, limit).map((e) => e.item), total: matches.length };
  }

  /** False when the last load reported that some items may be missing. */
  get complete(): boolean {
    return this.loadedComplete;
  }

  /** Whether a list has been loaded at least once, so a read does not wait for Wix. */
  get loaded(): boolean {
    return this.entries !== null;
  }

  /** Whether the next read starts a refresh: never loaded, older than the TTL, or invalidated. */
  get stale(): boolean {
    return this.entries === null || this.now() - this.loadedAt > this.options.ttlMs;
  }

  /** Marks the list stale; the next read serves it once more and refreshes it. */
  invalidate(): void {
    this.loadedAt = 0;
  }

  /** Starts a load in the background (at start-up) without waiting for it. */
  warm(): void {
    void this.refresh().catch(() => undefined);
  }

  private async ready(): Promise<Entry<T>[]> {
    if (this.entries === null) {
      await this.refresh();
      return this.entries ?? [];
    }
    if (this.now() - this.loadedAt > this.options.ttlMs) void this.refresh().catch(() => undefined);
    return this.entries;
  }

  private refresh(): Promise<void> {
    if (this.loading) return this.loading;
    this.loading = (async () => {
      try {
        const loaded = await this.options.load();
        const items = Array.isArray(loaded) ? loaded : loaded.items;
        const entries = items.map((item) => ({
          item,
          id: this.options.id(item),
          haystack: this.options.searchText(item).map((text) => text.toLowerCase()),
        }));
        this.entries = entries;
        this.byId = new Map(entries.map((entry) => [entry.id, entry]));
        this.loadedAt = this.now();
        this.loadedComplete = Array.isArray(loaded) ? true : loaded.complete;
        this.options.logger.debug({ index: this.options.name, size: entries.length }, 'picker index loaded');
      } catch (error) {
        this.options.logger.warn({ index: this.options.name, err: error }, 'picker index load failed');
        throw error;
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }
}
