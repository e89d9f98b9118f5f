/**
 * Counts what crosses one PostgreSQL connection, read off the wire (protocol 3): how often the
 * client waited for the server (round trips), how many requests it sent (a simple Query or an
 * extended-protocol Sync each) and the statements the server completed, by command (BEGIN, UPDATE,
 * INSERT, COMMIT...), and the transactions that wrote and committed, whether one statement on its own
 * or BEGIN … COMMIT. Neither side is changed: the bytes are only looked at as they pass.
 *
 * A round trip starts when the client sends a request while none of its earlier ones is
 * unanswered (each is answered by one ReadyForQuery); requests pipelined behind it join it.
 */

/** What the connections through one proxy sent and completed so far. */
export interface WireCounts {
  connections: number;
  roundTrips: number;
  requests: number;
  /** Transactions that changed rows and committed (each a durable commit: one WAL flush). */
  writeCommits: number;
  /** Completed statements by command, e.g. `{ COMMIT: 12, INSERT: 12 }`. */
  commands: Record<string, number>;
}

export function emptyCounts(): WireCounts {
  return { connections: 0, roundTrips: 0, requests: 0, writeCommits: 0, commands: {} };
}

/** `after - before`, command by command. */
export function countsSince(after: WireCounts, before: WireCounts): WireCounts {
  const commands: Record<string, number> = {};
  for (const [command, n] of Object.entries(after.commands)) {
    const delta = n - (before.commands[command] ?? 0);
    if (delta) commands[command] = delta;
  }
  return {
    connections: after.connections - before.connections,
    roundTrips: after.roundTrips - before.roundTrips,
    requests: after.requests - before.requests,
    writeCommits: after.writeCommits - before.writeCommits,
    commands,
  };
}

/** Statements that change rows: a transaction holding one commits durably. */
const WRITES = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);
const IDLE = 'I'.charCodeAt(0);

/** SSLRequest's code: the proxy reads plain connections only (the bench's URLs ask for none). */
const SSL_REQUEST = 80877103;

/**
 * Splits one direction of the stream into messages: a type byte (absent from the client's first
 * message) and a length that counts itself. Bodies are skipped unless `wantsBody(type)` asks for them.
 */
class MessageReader {
  private header = Buffer.alloc(0);
  private type = '';
  private left = 0;
  private body: Buffer[] | undefined;

  constructor(
    private untyped: boolean,
    private readonly wantsBody: (type: string) => boolean,
    private readonly onMessage: (type: string, body: Buffer | undefined) => void,
  ) {}

  push(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.left > 0) {
        const take = Math.min(this.left, chunk.length - at);
        this.body?.push(chunk.subarray(at, at + take));
        this.left -= take;
        at += take;
        if (this.left === 0) this.finish();
        continue;
      }
      const headerSize = this.untyped ? 4 : 5;
      const take = Math.min(headerSize - this.header.length, chunk.length - at);
      this.header = Buffer.concat([this.header, chunk.subarray(at, at + take)]);
      at += take;
      if (this.header.length < headerSize) return;
      this.type = this.untyped ? '' : String.fromCharCode(this.header[0]!);
      this.left = this.header.readInt32BE(headerSize - 4) - 4;
      this.header = Buffer.alloc(0);
      this.body = this.untyped || this.wantsBody(this.type) ? [] : undefined;
      if (this.left === 0) this.finish();
    }
  }

  private finish(): void {
    const body = this.body && Buffer.concat(this.body);
    this.body = undefined;
    if (this.untyped) {
      if (body?.readInt32BE(0) === SSL_REQUEST) throw new Error('the counting proxy does not pass SSL');
      this.untyped = false;
    }
    this.onMessage(this.type, body);
  }
}

/** One connection's counter: feed it what each side sent. Adds to the shared `counts`. */
export class ConnectionCounter {
  /** Requests sent and not yet answered; the startup message waits for its ReadyForQuery too. */
  private unanswered = 0;
  /** Whether the transaction under way changed rows (it commits when the server is idle again). */
  private wrote = false;
  private readonly fromClient: MessageReader;
  private readonly fromServer: MessageReader;

  constructor(private readonly counts: WireCounts) {
    counts.connections++;
    this.fromClient = new MessageReader(
      true,
      () => false,
      (type) => this.clientSent(type),
    );
    this.fromServer = new MessageReader(
      false,
      (type) => type === 'C' || type === 'Z',
      (type, body) => this.serverSent(type, body),
    );
  }

  client(chunk: Buffer): void {
    this.fromClient.push(chunk);
  }

  server(chunk: Buffer): void {
    this.fromServer.push(chunk);
  }

  private clientSent(type: string): void {
    if (type === '') {
      this.unanswered++; // startup: answered by the first ReadyForQuery
      return;
    }
    if (type !== 'Q' && type !== 'S') return;
    if (this.unanswered === 0) this.counts.roundTrips++;
    this.unanswered++;
    this.counts.requests++;
  }

  private serverSent(type: string, body: Buffer | undefined): void {
    if (type === 'Z') {
      this.unanswered = Math.max(0, this.unanswered - 1);
      // ReadyForQuery's status: 'I' idle (no transaction open), 'T' in one, 'E' in a failed one.
      if (body?.[0] === IDLE && this.wrote) this.counts.writeCommits++;
      if (body?.[0] === IDLE) this.wrote = false;
      return;
    }
    if (type !== 'C' || !body) return;
    // CommandComplete's tag: "INSERT 0 5", "UPDATE 1", "COMMIT"... (NUL-terminated).
    const command = body.toString('latin1', 0, body.indexOf(0)).split(' ')[0]!;
    this.counts.commands[command] = (this.counts.commands[command] ?? 0) + 1;
    if (WRITES.has(command)) this.wrote = true;
    if (command === 'ROLLBACK') this.wrote = false;
  }
}
