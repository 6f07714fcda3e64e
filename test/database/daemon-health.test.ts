import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchHealth } from '../../src/core/database/refuse-running-daemon.js';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function serve(handler: http.RequestListener): Promise<number> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('fetchHealth: GET /healthz on loopback', () => {
  it("returns the daemon's JSON answer", async () => {
    const port = await serve((request, response) => {
      response.end(JSON.stringify({ service: 'agent-orchestrator-daemon', pid: 42, path: request.url }));
    });
    expect(await fetchHealth(port)).toEqual({ service: 'agent-orchestrator-daemon', pid: 42, path: '/healthz' });
  });

  it('answers nothing for a body that is not JSON, a closed port, or a server that never answers', async () => {
    const html = await serve((_request, response) => response.end('<html>a web server</html>'));
    expect(await fetchHealth(html)).toBeUndefined();

    const closed = await serve(() => {});
    await new Promise((resolve) => servers.pop()?.close(resolve));
    expect(await fetchHealth(closed)).toBeUndefined();

    const silent = await serve(() => {
      // never answers: the 2 s timeout gives up
    });
    expect(await fetchHealth(silent)).toBeUndefined();
  });
});
