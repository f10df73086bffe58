/** A bounded set that forgets its oldest entries: remembers recent keys without growing forever. */
export class RecentKeys {
  readonly #keys = new Set<string>();

  constructor(private readonly capacity: number) {}

  has(key: string): boolean {
    return this.#keys.has(key);
  }

  add(key: string): void {
    this.#keys.delete(key);
    this.#keys.add(key);
    while (this.#keys.size > this.capacity) {
      const oldest = this.#keys.values().next().value;
      if (oldest === undefined) break;
      this.#keys.delete(oldest);
    }
  }

  get size(): number {
    return this.#keys.size;
  }
}
