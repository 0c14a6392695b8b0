/**
 * pglite-socket (0.2.x) multiplexes client connections onto PGlite's single session. It keeps a
 * transaction exclusive to the connection that opened it, but outside a transaction it interleaves
 * the messages of an extended-protocol query (Parse, Bind, Describe, Execute … Sync) from different
 * connections, so concurrent parameterized queries clobber each other's unnamed statement and
 * portal ("unnamed prepared statement does not exist", "portal does not exist").
 *
 * This patch keeps the session exclusive to one connection from its first extended-protocol message
 * until its Sync (or simple Query) as well, and resets the queue's `processing` flag when a message
 * fails (the original leaves it set, which stalls the queue). Pinned to the version in package.json;
 * tests/e2e and libs/platform's pglite spec exercise it with concurrent connections.
 */

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
  onData: (data: Uint8Array) => void;
}

interface QueryQueue {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  db: {
    isInTransaction(): boolean;
    runExclusive<T>(fn: () => Promise<T>): Promise<T>;
    execProtocolRawStream(message: Uint8Array, options: { onRawData: (data: Uint8Array) => void }): Promise<unknown>;
  };
  processQueue(): Promise<void>;
  midProtocol?: boolean;
}

const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const EXTENDED = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]); // Parse, Bind, Describe, Execute, Close, Flush

export function lockExtendedProtocol(server: object): void {
  const queue = (server as { queryQueue?: QueryQueue }).queryQueue;
  if (!queue || typeof queue.processQueue !== 'function' || !Array.isArray(queue.queue)) {
    throw new Error('pglite-socket internals changed: review libs/platform/src/database/pglite-protocol-lock.ts');
  }
  queue.processQueue = async function processQueue(this: QueryQueue): Promise<void> {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const exclusive = (this.db.isInTransaction() || this.midProtocol) && this.lastHandlerId !== null;
        const index = exclusive ? this.queue.findIndex((q) => q.handlerId === this.lastHandlerId) : 0;
        if (index === -1) break; // the owning connection has not sent its next message yet
        const item = this.queue.splice(index, 1)[0];
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
        } catch (error) {
          this.midProtocol = false;
          this.lastHandlerId = item.handlerId;
          item.reject(error);
          continue;
        }
        const type = item.message[0];
        if (EXTENDED.has(type)) this.midProtocol = true;
        else if (type === SYNC || type === QUERY) this.midProtocol = false;
        this.lastHandlerId = item.handlerId;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }.bind(queue);
}
