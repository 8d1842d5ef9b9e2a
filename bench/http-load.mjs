// The load generator of bench/compute-api.bench.mjs, run as a child process so that
// the clients' own CPU (HTTP client, JSON parsing) does not share the server's thread.
// Receives one job over IPC, answers with its figures, exits.
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
// NOTE(median): of an even count, the mean of the middle two (with --rounds 2 the upper one was the worse run).
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
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

function send(base, method, path, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

// The server's CPU so far (ms), read by the parent, which runs the server.
const serverCpu = () =>
  new Promise((resolve) => {
    process.once('message', (m) => resolve(m.cpuMs));
    process.send({ mark: true });
  });

/**
 * Each action of job.cycle, job.rounds times: POST it, then GET the server back to back until
 * its end state (status, task_state null, and the `expect` fields). A step may name a
 * `before`/`after` request (not timed): forcing a host down around evacuate.
 */
async function actions(job) {
  const { base, headers } = job;
  const all = [...job.cycle, ...job.once];
  const out = Object.fromEntries(all.map((a) => [a.name, { wall: [], cpu: [], polls: [] }]));
  const steps = [];
  const ran = new Map();
  // NOTE(warm-up): round -1 runs the cycle once untimed: a first call compiles its schemas and
  // statements (a cold resize took 2-3 times a warm one), which a median of 2 rounds would show.
  for (let round = -job.warmup; round < job.rounds; round++) {
    for (const a of job.cycle) steps.push({ a, round, id: job.id });
  }
  // NOTE(once): an action a server cannot come back from (evacuate leaves the guest on its dead
  // host until that compute restarts) runs once on each of job.onceIds.
  for (const a of job.once) for (const id of job.onceIds) steps.push({ a, round: 0, id });
  for (const { a, round, id } of steps) {
    const server = async () => JSON.parse((await get(base, `/servers/${id}`, headers)).text).server;
    {
      const ctx = { server: a.before || a.after ? await server() : null };
      if (a.before) await hook(base, headers, a.before, ctx);
      const cpu0 = await serverCpu();
      const t0 = performance.now();
      const n = ran.get(a.name) ?? 0;
      ran.set(a.name, n + 1);
      const body = a.bodies ? a.bodies[n % a.bodies.length] : a.body;
      const res = await send(base, 'POST', `/servers/${id}/action`, headers, body);
      if (res.status >= 300) throw new Error(`${a.name}: ${res.status} ${res.text}`);
      let polls = 0;
      for (;;) {
        polls++;
        const s = await server();
        if (s.status === 'ERROR') throw new Error(`${a.name}: ERROR ${JSON.stringify(s.fault)}`);
        if (performance.now() - t0 > 30_000)
          throw new Error(`${a.name}: no end state in 30 s: ${s.status} ${s['OS-EXT-STS:task_state']}`);
        if (
          s.status === a.status &&
          s['OS-EXT-STS:task_state'] === null &&
          Object.entries(a.expect ?? {}).every(([k, v]) => s[k] === v)
        )
          break;
      }
      const wall = performance.now() - t0;
      const cpu = (await serverCpu()) - cpu0;
      if (a.after) await hook(base, headers, a.after, ctx);
      if (round < 0) continue;
      out[a.name].wall.push(wall);
      out[a.name].cpu.push(cpu);
      out[a.name].polls.push(polls);
    }
  }
  return Object.fromEntries(
    Object.entries(out).map(([name, xs]) => [
      name,
      { wall: median(xs.wall), cpu: median(xs.cpu), polls: median(xs.polls) },
    ]),
  );
}

/** A request around an action: `{forceDown: true|false}` forces the server's host's compute service down or up. */
async function hook(base, headers, h, ctx) {
  const host = ctx.server['OS-EXT-SRV-ATTR:host'];
  const services = JSON.parse(
    (await get(base, `/os-services?binary=nova-compute&host=${host}`, headers)).text,
  );
  const [service] = services.services;
  const res = await send(base, 'PUT', `/os-services/${service.id}`, headers, { forced_down: h.forceDown });
  if (res.status !== 200) throw new Error(`force down ${host}: ${res.status} ${res.text}`);
}

process.once('message', async (job) => {
  const { base, headers } = job;
  if (job.kind === 'actions') {
    process.send({ result: await actions(job) });
    agent.destroy();
    return;
  } else if (job.kind === 'detail') {
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
