/**
 * `createServer` listening: on 127.0.0.1 unless told otherwise, port 8000 by default
 * (0 picks a free one).
 *
 *   const server = await serve({ ...(await loadModelDir('runs/gpt')), port: 8000 });
 *   console.log(server.url);   // http://127.0.0.1:8000
 *   await server.close();
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createServer, type ServerOptions } from './create-server.js';

export interface ServeOptions extends ServerOptions {
  /** Default 127.0.0.1: only this machine can connect until a host is given. */
  readonly host?: string;
  /** Default 8000; 0 lets the system choose. */
  readonly port?: number;
}

export interface RunningServer {
  readonly app: FastifyInstance;
  /** e.g. http://127.0.0.1:8000 */
  readonly url: string;
  readonly port: number;
  /** Stops accepting connections and waits for open requests to end. */
  close(): Promise<void>;
}

export async function serve(options: ServeOptions): Promise<RunningServer> {
  const app = createServer(options);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ host, port: options.port ?? 8000 });
  const { port } = app.server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  return { app, url: `http://${shown}:${port}`, port, close: () => app.close() };
}
