import { parentPort, workerData } from 'node:worker_threads';
import { processOptions, processPaths, type JobSpec } from './job.js';
import { toWire } from './wire.js';

/** A worker thread: processes the chunks of paths the main thread sends, answering each in kind. */
export interface ChunkRequest {
  id: number;
  paths: string[];
}

const spec = workerData as JobSpec;
const options = processOptions(spec);
const port = parentPort;
if (!port) throw new Error('worker.js runs as a worker thread');
port.on('message', (request: ChunkRequest) => {
  port.postMessage({ id: request.id, outcomes: processPaths(request.paths, spec, options).map(toWire) });
});
