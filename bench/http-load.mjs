// The load generator of bench/compute-api.bench.mjs, run as a child process so that
// the clients' own CPU (HTTP client, JSON parsing) does not share the server's thread.
// Receives one job over IPC, answers with its figures, exits.
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];

function get(base, path, headers) {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}${path}`, { agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

process.once('message', async (job) => {
  const { base, headers } = job;
  if (job.kind === 'detail') {
    const times = [];
    for (let i = 0; i < job.requests; i++) {
      const t0 = performance.now();
      const res = await get(base, job.path, headers);
      const n = JSON.parse(res.text).servers.length;
      times.push(performance.now() - t0);
      if (n !== job.expect) throw new Error(`short list: ${n}`);
    }
    process.send({ median: median(times), p95: p95(times) });
  } else {
    const until = Date.now() + job.seconds * 1000;
    let done = 0;
    let failed = 0;
    await Promise.all(
      Array.from({ length: job.clients }, async (_, c) => {
        while (Date.now() < until) {
          const res = await get(base, `/servers/${job.ids[(done + c) % job.ids.length]}`, headers);
          JSON.parse(res.text);
          if (res.status !== 200) failed++;
          done++;
        }
      }),
    );
    process.send({ done, failed });
  }
  agent.destroy();
});
