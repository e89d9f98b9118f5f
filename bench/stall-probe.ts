/**
 * Loaded with `--import` into a server process under test: records how long its event loop stalls,
 * and answers on a side channel (HTTP on the Unix socket named by STALL_PROBE_SOCKET):
 * `POST /reset` starts a new measurement, `GET /report` answers `{ maxMs }`, the longest stall since.
 *
 * With `--expose-gc`, a reset first collects garbage, so what earlier work left behind is not
 * collected during (and charged to) the next measurement; a collection the measured work causes is.
 *
 * `monitorEventLoopDelay` samples with a native 1 ms timer: a task that blocks the loop for T ms
 * delays one tick, recorded as about T + 1 ms (the 1 ms being the tick itself). A setInterval gap
 * tracker would see the same, but would run JavaScript in the measured process every millisecond.
 * The recorded tick comes before the report is read: after a stall, the loop runs its timers before
 * it polls for the next request.
 */
import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const socketPath = process.env.STALL_PROBE_SOCKET;
if (!socketPath) throw new Error('stall-probe: STALL_PROBE_SOCKET is not set');

const delays = monitorEventLoopDelay({ resolution: 1 });
delays.enable();

const probe = http.createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/reset') {
    globalThis.gc?.();
    delays.reset();
    res.writeHead(204).end();
  } else if (req.method === 'GET' && req.url === '/report') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ maxMs: delays.max / 1e6 }));
  } else {
    res.writeHead(404).end();
  }
});
probe.listen(socketPath);
// The probe must not keep the server alive on shutdown.
probe.unref();
