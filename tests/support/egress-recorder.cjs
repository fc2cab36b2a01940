// Preloaded into a server under test (NODE_OPTIONS=--require): every outgoing connection or name
// lookup that is not loopback prints one "[egress] <host>" line on stderr, so a test can prove that
// something (rendering a share card) reached for no network at all. Records, does not block.
const net = require("node:net");
const dns = require("node:dns");

const LOOPBACK = /^(localhost|127(\.\d+){3}|::1|\[::1\]|::ffff:127(\.\d+){3})$/i;
const report = (host) => {
  if (typeof host === "string" && host && !LOOPBACK.test(host)) process.stderr.write(`[egress] ${host}\n`);
};

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  // net.connect() passes its normalized [options, callback] as one array.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (first !== null && typeof first === "object") {
    if (!first.path) report(typeof first.host === "string" ? first.host : "localhost");
  } else if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first))) {
    report(typeof args[1] === "string" ? args[1] : "localhost");
  }
  return connect.apply(this, args);
};

for (const name of ["lookup", "resolve", "resolve4", "resolve6"]) {
  const original = dns[name];
  dns[name] = function (host, ...rest) {
    report(host);
    return original.call(this, host, ...rest);
  };
  const promised = dns.promises[name];
  dns.promises[name] = function (host, ...rest) {
    report(host);
    return promised.call(this, host, ...rest);
  };
}

// A test checks this line to know the recorder is really loaded in the process it watches.
process.stderr.write(`[egress-recorder] active in ${process.pid}\n`);
