/**
 * A text assembled from pieces that never grows past `limit` bytes (UTF-8): a piece that does not fit is replaced by
 * a shorter form of it or left out, and a reserve is kept for the closing pieces, so the result stays well-formed.
 */
export class BoundedText {
  private readonly parts: string[] = [];
  private bytes = 0;
  /** Pieces added in a shorter form than the first one offered. */
  shortened = 0;
  /** Pieces left out: no form fitted. */
  leftOut = 0;

  constructor(readonly limit: number, private reserved = 0) {}

  get size(): number {
    return this.bytes;
  }

  /** Adds the first of `forms` that fits (each a string, or a function making one only when needed); false if none did. */
  add(...forms: readonly (string | (() => string))[]): boolean {
    for (const [i, form] of forms.entries()) {
      const piece = typeof form === 'string' ? form : form();
      const size = Buffer.byteLength(piece);
      if (this.bytes + size + this.reserved > this.limit) continue;
      this.parts.push(piece);
      this.bytes += size;
      if (i > 0) this.shortened += 1;
      return true;
    }
    this.leftOut += 1;
    return false;
  }

  /** Returns `bytes` of the reserve, for a piece about to be added that the reserve was held for. */
  release(bytes: number): void {
    this.reserved = Math.max(0, this.reserved - bytes);
  }

  /** Adds a closing piece out of the reserve set aside for it at construction. */
  close(piece: string): void {
    const size = Buffer.byteLength(piece);
    this.reserved = Math.max(0, this.reserved - size);
    this.parts.push(piece);
    this.bytes += size;
  }

  toString(): string {
    return this.parts.join('');
  }
}
