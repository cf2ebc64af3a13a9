/** An in-memory Storage stand-in whose failures tests can switch on. */
import type { KeyValueStorage } from '../../../src/lib/recall/storage.ts';

export class FakeStorage implements KeyValueStorage {
  readonly data = new Map<string, string>();
  /** Throw this on the next setItem calls (e.g. a QuotaExceededError DOMException). */
  failSet: unknown = null;
  failGet: unknown = null;
  writes = 0;

  getItem(key: string): string | null {
    if (this.failGet) throw this.failGet;
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    if (this.failSet) throw this.failSet;
    this.writes++;
    this.data.set(key, value);
  }
  removeItem(key: string): void {
    this.data.delete(key);
  }
}

export const quotaError = (): DOMException => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
