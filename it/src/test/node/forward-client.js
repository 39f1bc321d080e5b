// Sends records to a Forward server with a real client library, as the end-to-end tests ask:
//   node forward-client.js '{"lib":"fluent-logger","port":24224,"mode":"Message","count":10,...}'
// Prints "OK <n>" and exits 0 once every record was sent (and acked when asked), else prints the error and exits 2.
'use strict';
const cfg = JSON.parse(process.argv[2]);
const deadline = setTimeout(() => { console.log('TIMEOUT'); process.exit(3); }, cfg.timeoutMs || 20000);

function record(i) {
  return { seq: i, case: cfg.caseName, lib: cfg.lib, mode: cfg.mode, msg: 'record ' + i + ' ' + 'x'.repeat(i % 50) };
}

function security() {
  if (cfg.sharedKey === undefined) return undefined;
  return { clientHostname: 'node-client', sharedKey: cfg.sharedKey, username: cfg.username || '',
    password: cfg.password || '' };
}

async function viaFluentLogger() {
  const logger = require('fluent-logger');
  const sender = logger.createFluentSender(cfg.prefix, {
    host: '127.0.0.1', port: cfg.port, timeout: 5.0, reconnectInterval: 500,
    requireAckResponse: !!cfg.ack, ackResponseTimeout: 5000, eventMode: cfg.mode, security: security(),
  });
  let failed = null;
  sender.on('error', (e) => { failed = e; });
  await new Promise((resolve, reject) => {
    let left = cfg.count;
    for (let i = 0; i < cfg.count; i++) {
      const t = cfg.eventTime ? new logger.EventTime(cfg.baseTime + i, i * 1000) : new Date((cfg.baseTime + i) * 1000);
      sender.emit(cfg.label, record(i), t, (err) => {
        if (err) { reject(err); return; }
        if (--left === 0) resolve();
      });
    }
  });
  if (failed) throw failed;
  await new Promise((resolve) => sender.end(null, null, resolve));
}

async function viaFluentOrg() {
  const { FluentClient, EventTime } = require('@fluent-org/logger');
  const client = new FluentClient(cfg.prefix, {
    socket: { host: '127.0.0.1', port: cfg.port, timeout: 5000 },
    eventMode: cfg.mode,
    ack: cfg.ack ? { ackTimeout: 5000 } : undefined,
    security: security(),
    flushInterval: 20,
  });
  let socketError = null;
  client.socketOn('error', (e) => { socketError = e; });
  const sends = [];
  for (let i = 0; i < cfg.count; i++) {
    const t = cfg.eventTime ? new EventTime(cfg.baseTime + i, i * 1000) : new Date((cfg.baseTime + i) * 1000);
    sends.push(client.emit(cfg.label, record(i), t));
  }
  await Promise.all(sends);
  await client.disconnect();
  if (socketError && cfg.expectFailure) throw socketError;
}

(cfg.lib === 'fluent-logger' ? viaFluentLogger() : viaFluentOrg()).then(() => {
  clearTimeout(deadline);
  console.log('OK ' + cfg.count);
  process.exit(0);
}, (e) => {
  console.log('ERROR ' + (e && e.message ? e.message : e));
  process.exit(2);
});
