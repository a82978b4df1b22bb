/**
 * The last of the numbered items (buckets, 0, 1, 2, ... in inventory order) with each id, without a Map while the ids
 * come in strictly ascending order, as in the scan's canonical order: then no id repeats and item k is the last of its
 * id. The Map is made at the first id that is not above the one before, and kept from then on. At 10^6 resources a
 * Map insert of a scattered id string costs about a microsecond; comparing it with the previous id, whose characters
 * are in cache, costs a small part of that.
 */
export class LastOfId {
  private readonly ids: string[];
  private count = 0;
  private byId: Map<string, number> | undefined;

  /** `expected`: how many items will be added, when known (the list is made at that length). */
  constructor(expected = 0) {
    this.ids = new Array(expected);
  }

  /** Numbers the next item. */
  add(id: string): void {
    const k = this.count++;
    this.ids[k] = id;
    if (!this.byId) {
      if (k === 0 || this.ids[k - 1] < id) return;
      this.byId = new Map();
      for (let j = 0; j < k; j++) this.byId.set(this.ids[j], j);
    }
    this.byId.set(id, k);
  }

  /** Whether some id was added twice. */
  get repeats(): boolean {
    return this.byId !== undefined && this.byId.size < this.count;
  }

  /** The number of the last item with this id (an id that was added). */
  lastOf(id: string): number {
    return this.byId ? this.byId.get(id)! : this.binarySearch(id);
  }

  /** Each distinct id with the number of its last item, in the order the ids were first added. */
  forEach(visit: (last: number, id: string) => void): void {
    if (this.byId) this.byId.forEach(visit);
    else for (let k = 0; k < this.count; k++) visit(k, this.ids[k]);
  }

  private binarySearch(id: string): number {
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ids[mid] < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
