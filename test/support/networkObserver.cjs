// Loaded with `--require` (through NODE_OPTIONS) into a process under test: records every outgoing
// TCP connection the process starts, and every HTTP request, without changing either. Node
// publishes these on diagnostics channels for net, tls, http, https and fetch alike. The record is
// written as JSON to NETWORK_OBSERVER_OUT when the process exits, however it exits.
"use strict";
const diagnostics = require("node:diagnostics_channel");
const fs = require("node:fs");

const events = [];

diagnostics.subscribe("net.client.socket", ({ socket }) => {
  const event = { channel: "net.client.socket" };
  events.push(event);
  socket.once("connect", () => {
    event.remote = `${socket.remoteAddress}:${socket.remotePort}`;
  });
});
diagnostics.subscribe("http.client.request.start", ({ request }) => {
  events.push({ channel: "http.client.request.start", host: request.host, path: request.path });
});
diagnostics.subscribe("undici:request:create", ({ request }) => {
  events.push({ channel: "undici:request:create", origin: String(request.origin), path: request.path });
});

process.on("exit", () => {
  const out = process.env.NETWORK_OBSERVER_OUT;
  if (out) {
    fs.writeFileSync(out, JSON.stringify(events));
  }
});
