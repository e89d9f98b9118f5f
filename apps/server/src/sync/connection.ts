import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { CloseCode, type Role } from '@hindsight/protocol';
import type { Logger } from '../log';
import { decodeIncoming, MalformedMessageError } from './messages';
import type { Peer, Room } from './room';
import { WriteMeter, type WriteRates } from './write-meter';

/** A peer that falls this far behind (bytes queued in the socket) is dropped; it resyncs on reconnect. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/** Longest delay `setTimeout` keeps (2^31 - 1 ms, ~24.8 days); a later expiry is reached in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The link a connection was opened with: it lives only as long as the link does. */
export interface ConnectionAccess {
  role: Role;
  /** Public id of the link, to close this connection when the link is revoked. */
  linkId: string;
  /** When the link expires (UTC ISO), or null for never: the connection closes (4401) then. */
  expiresAt: string | null;
}

/**
 * One client socket: decodes frames, enforces per-connection limits and hands messages to its room.
 * A bad frame closes this socket only; nothing here throws out of a socket callback.
 */
export class Connection implements Peer {
  private closed = false;
  /** The socket while its writes are held (see corkUntilTickEnd). */
  private corked: Socket | null = null;
  readonly role: Role;
  readonly linkId: string;
  private expiryTimer: NodeJS.Timeout | undefined;
  private readonly writeMeter: WriteMeter;

  constructor(
    private readonly ws: WebSocket,
    private readonly room: Room,
    readonly connId: string,
    access: ConnectionAccess,
    private readonly log: Logger,
    private readonly onClose: () => void,
    writeRates: WriteRates,
  ) {
    this.writeMeter = new WriteMeter(writeRates);
    this.role = access.role;
    this.linkId = access.linkId;
    // ws emits 'error' for invalid framing (RSV bits, bad opcode, frame over maxPayload) and then
    // closes with the matching code (1002, 1009); without a listener the error would kill the process.
    ws.on('error', (err) => this.log.warn('conn.socket_error', { err, code: (err as { code?: string }).code }));
    ws.on('message', (data, isBinary) => this.receiveFrame(data as Buffer, isBinary));
    ws.on('close', (code) => this.handleClose(code));
    room.join(this);
    this.log.info('conn.open', { role: this.role });
    if (access.expiresAt !== null) this.closeAt(Date.parse(access.expiresAt));
  }

  send(frame: Uint8Array): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.close(CloseCode.PolicyViolation, 'too slow');
      return;
    }
    this.corkUntilTickEnd();
    this.ws.send(frame, { binary: true }, this.afterSend);
  }

  private readonly afterSend = (err?: Error): void => {
    if (err) this.log.debug('conn.send_failed', { err });
  };

  /**
   * Holds this socket's writes until the current tick ends, so the frames a room releases together
   * (a group commit's relays, an update and a presence change) leave in one write, not one each:
   * socket writes were the largest share of the server's CPU under load. ws keeps its socket in
   * `_socket`; without one (closing) frames go out as before.
   */
  private corkUntilTickEnd(): void {
    if (this.corked) return;
    const socket = (this.ws as unknown as { _socket?: Socket })._socket;
    if (!socket) return;
    socket.cork();
    this.corked = socket;
    process.nextTick(() => this.uncork());
  }

  /** Lets held frames go; before a close, so they (and the close frame) are not lost with the socket. */
  private uncork(): void {
    const socket = this.corked;
    if (!socket) return;
    this.corked = null;
    socket.uncork();
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.uncork();
    this.log.info('conn.closing', { code, reason });
    try {
      this.ws.close(code, reason);
    } catch {
      this.ws.terminate();
    }
    this.detach();
  }

  /** Closes with 4401 once `expiresAtMs` has passed (at once if it already has). */
  private closeAt(expiresAtMs: number): void {
    if (this.closed) return;
    const delay = expiresAtMs - Date.now();
    if (delay <= 0) {
      this.close(CloseCode.Unauthorized, 'expired');
      return;
    }
    this.expiryTimer = setTimeout(() => this.closeAt(expiresAtMs), Math.min(delay, MAX_TIMER_MS));
    // An expiry far ahead must not keep the process alive on shutdown.
    this.expiryTimer.unref();
  }

  private receiveFrame(data: Buffer, isBinary: boolean): void {
    if (this.closed) return;
    if (!isBinary) {
      this.close(CloseCode.UnsupportedData, 'binary frames only');
      return;
    }
    try {
      const message = decodeIncoming(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      // Every role is metered: a viewer's updates are dropped by the room, but still cost decoding.
      if ((message.kind === 'update' || message.kind === 'sync-step-2') && !this.writeMeter.count(data.byteLength)) {
        this.log.warn('conn.too_many_updates', { bytes: data.byteLength });
        this.close(CloseCode.TooManyUpdates, 'too many updates');
        return;
      }
      this.room.receive(this, message);
    } catch (err) {
      if (err instanceof MalformedMessageError) {
        this.log.warn('conn.malformed_frame', { reason: err.message, bytes: data.byteLength });
        this.close(CloseCode.InvalidPayload, 'malformed message');
      } else {
        this.log.error('conn.receive_failed', { err });
        this.close(CloseCode.InternalError, 'internal error');
      }
    }
  }

  private handleClose(code: number): void {
    if (!this.closed) this.log.info('conn.closed', { code });
    this.detach();
  }

  /** Leaves the room exactly once, whoever closed first. */
  private detach(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.expiryTimer);
    this.room.leave(this);
    this.onClose();
  }
}
