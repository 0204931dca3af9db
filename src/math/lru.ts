/**
 * A small bounded cache with least-recently-used eviction, approximated by two
 * generations of Maps: hits in the old generation move to the young one, and
 * when the young one is full it becomes the old one (the previous old one is
 * dropped). O(1) per access with no Map deletions, which matter: deleting and
 * re-inserting on every hit made a plain Map LRU the slowest part of layout.
 */
export class LruCache<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();

  /** Keeps at least the `capacity` most recently used entries (at most twice that). */
  constructor(readonly capacity: number) {}

  /** @example const c = new LruCache<string, number>(2); c.set('a', 1); c.get('a') // 1 */
  get(key: K): V | undefined {
    const hit = this.young.get(key);
    if (hit !== undefined) return hit;
    const aged = this.old.get(key);
    if (aged !== undefined) this.set(key, aged);
    return aged;
  }

  set(key: K, value: V): void {
    if (this.young.size >= this.capacity) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }

  /** Cached value for `key`, computing and storing it on a miss. */
  getOrCreate(key: K, create: () => V): V {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const value = create();
    this.set(key, value);
    return value;
  }

  /** Entries held (young and old; a key may be counted in both). */
  get size(): number {
    return this.young.size + this.old.size;
  }

  clear(): void {
    this.young = new Map();
    this.old = new Map();
  }
}
