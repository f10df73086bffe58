/** Build diagnostics for --verbose output: deduplicated and bounded, so a 5,000-file repo stays readable. */
const MAX_NOTES = 500;

export class Notes {
  private readonly seen = new Set<string>();
  private dropped = 0;

  add(message: string): void {
    if (this.seen.has(message)) return;
    if (this.seen.size >= MAX_NOTES) {
      this.dropped++;
      return;
    }
    this.seen.add(message);
  }

  list(): string[] {
    const out = [...this.seen];
    if (this.dropped > 0) out.push(`${this.dropped} more notes not shown`);
    return out;
  }
}
