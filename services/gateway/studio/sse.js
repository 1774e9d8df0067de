// Server-Sent Events over fetch(): EventSource cannot send an Authorization header. The
// stream is parsed here (WHATWG "event stream" rules: event/data/id lines, blank line ends an
// event, ":" starts a comment) and reconnected with backoff when it drops before its "end"
// event, e.g. while the gateway restarts. Each connection starts with a full snapshot, so the
// caller renders from state and a reconnect never repeats anything on screen.

import { authHeaders } from "./api.js";
import { sleep } from "./dom.js";

const MAX_BACKOFF_MS = 4000;

export function parseBlock(block) {
  let event = "message";
  const data = [];
  for (const line of block.split(/\r\n|\r|\n/)) {
    if (!line || line.startsWith(":")) continue;
    const i = line.indexOf(":");
    const field = i < 0 ? line : line.slice(0, i);
    let value = i < 0 ? "" : line.slice(i + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
  }
  return data.length ? { event, data: data.join("\n") } : null;
}

// handlers: onEvent(name, data), onState("connecting" | "live" | "reconnecting" | "ended"),
// onFatal(status, body) for answers a retry cannot fix (401, 403, 404).
export function follow(url, handlers) {
  let stopped = false;
  let controller = null;
  let failures = 0;

  async function once() {
    controller = new AbortController();
    const resp = await fetch(url, {
      headers: authHeaders({ Accept: "text/event-stream" }),
      cache: "no-store",
      signal: controller.signal,
    });
    if ([401, 403, 404].includes(resp.status)) {
      handlers.onFatal(resp.status, await resp.json().catch(() => null));
      return true;
    }
    if (!resp.ok || !resp.body) throw new Error(`HTTP ${resp.status}`);
    handlers.onState("live");
    const reader = resp.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return false; // closed without "end": the gateway went away; reconnect
      buffer += value;
      let m;
      while ((m = /\r\n\r\n|\n\n|\r\r/.exec(buffer))) {
        const parsed = parseBlock(buffer.slice(0, m.index));
        buffer = buffer.slice(m.index + m[0].length);
        if (!parsed) continue;
        failures = 0;
        let data = null;
        try {
          data = JSON.parse(parsed.data);
        } catch {
          continue;
        }
        handlers.onEvent(parsed.event, data);
        if (parsed.event === "end") {
          controller.abort();
          return true;
        }
      }
    }
  }

  (async () => {
    handlers.onState("connecting");
    while (!stopped) {
      let finished = false;
      try {
        finished = await once();
      } catch {
        finished = false;
      }
      if (stopped) return;
      if (finished) {
        handlers.onState("ended");
        return;
      }
      handlers.onState("reconnecting");
      const wait = Math.min(MAX_BACKOFF_MS, 250 * 2 ** failures) * (0.75 + Math.random() / 2);
      failures += 1;
      await sleep(wait);
    }
  })();

  return {
    stop() {
      stopped = true;
      controller?.abort();
    },
  };
}
