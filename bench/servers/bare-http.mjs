// The bare node:http server of `npm run bench`: the least a Node HTTP server can do for the same
// exchange (drain the JSON body, answer a tool-shaped JSON). Prints `LISTENING <port>` once it
// listens on 127.0.0.1.
import { randomUUID } from 'node:crypto';
import http from 'node:http';

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    const body = JSON.stringify({
      status: 'created',
      message: "I've saved your details, Ana. Someone from our team will be in touch soon.",
      lead_id: randomUUID(),
    });
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(`LISTENING ${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
