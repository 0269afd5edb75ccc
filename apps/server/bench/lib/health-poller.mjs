/**
 * Worker of bench/buffer-update.mjs: polls `/health` every 5 ms over one keep-alive connection from its own
 * thread (so neither the server's nor the flooding client's loop delays the measurement itself) until told to stop.
 */
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const samples = [];
let running = true;
parentPort.on('message', (m) => {
  if (m === 'stop') running = false;
});
const health = () =>
  new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request(`${workerData.url}/health`, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(performance.now() - t0));
    });
    req.on('error', reject);
    req.end();
  });
parentPort.postMessage({ ready: true });
while (running) {
  samples.push(await health());
  await new Promise((r) => setTimeout(r, 5));
}
agent.destroy();
parentPort.postMessage({ done: true, samples });
