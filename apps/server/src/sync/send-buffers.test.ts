import { describe, expect, it } from 'vitest';
import { SendBuffers, type BufferedSocket } from './send-buffers';

/** A socket holding `bytes` that records why it was closed. */
function socket(bytes: number): BufferedSocket & { closedFor: string | null } {
  return {
    bufferedBytes: bytes,
    closedFor: null,
    closeSlowConsumer(budget) {
      this.closedFor = budget;
    },
  };
}

describe('SendBuffers', () => {
  it('over a room budget closes the sockets holding the most, until the rest fits', () => {
    const buffers = new SendBuffers({ maxBufferedBytesPerRoom: 100, maxBufferedBytesPerProcess: 1_000 });
    const [healthy, slow, slower, elsewhere] = [socket(10), socket(60), socket(80), socket(90)];
    for (const s of [healthy, slow, slower]) buffers.add(s, 'room A');
    buffers.add(elsewhere, 'room B');
    buffers.check();
    // 150 in room A: closing the 80 leaves 70, within 100.
    expect([healthy.closedFor, slow.closedFor, slower.closedFor, elsewhere.closedFor]).toEqual([
      null,
      null,
      'room',
      null,
    ]);
  });

  it('over the process budget closes the largest across rooms; a removed socket is not counted', () => {
    const buffers = new SendBuffers({ maxBufferedBytesPerRoom: 1_000, maxBufferedBytesPerProcess: 100 });
    const [a, b, gone] = [socket(50), socket(70), socket(500)];
    buffers.add(a, 'room A');
    buffers.add(b, 'room B');
    buffers.add(gone, 'room B');
    buffers.remove(gone, 'room B');
    buffers.check();
    expect([a.closedFor, b.closedFor, gone.closedFor]).toEqual([null, 'process', null]);
  });

  it('does not count a socket closed for its room against the process budget', () => {
    const buffers = new SendBuffers({ maxBufferedBytesPerRoom: 50, maxBufferedBytesPerProcess: 60 });
    const [slow, healthy, elsewhere] = [socket(80), socket(10), socket(40)];
    buffers.add(slow, 'room A');
    buffers.add(healthy, 'room A');
    buffers.add(elsewhere, 'room B');
    buffers.check();
    // Room A closes its 80; the 10 + 40 left open fit the process's 60.
    expect([slow.closedFor, healthy.closedFor, elsewhere.closedFor]).toEqual(['room', null, null]);
  });
});
