// A job as the page knows it: the last snapshot, summaries and timeline events applied on top.
// Timeline events are kept by identity, so an event seen in a snapshot and again live (or in
// the snapshot after a reconnect) is one row.

import { session } from "./api.js";

// The stages in order and the slice of the job's percentage each fills come from the
// gateway (GET /studio/config, read from shared/topology.py), so the bars follow the pipeline.
export const stageNames = () => session.config.stages.map((s) => s.stage);
const spec = (name) => session.config.stages.find((s) => s.stage === name);
export const LIVE = new Set(["queued", "running", "awaiting_approval"]);

export function eventKey(e) {
  return JSON.stringify(Object.keys(e).sort().map((k) => [k, e[k]]));
}

export class JobModel {
  constructor() {
    this.job = null;
    this.events = new Map();
    this.ended = false;
  }

  apply(name, data) {
    if (name === "snapshot") {
      this.job = data;
      this.events = new Map();
      for (const e of data.timeline || []) this.events.set(eventKey(e), e);
    } else if (name === "timeline") {
      this.events.set(eventKey(data), data);
    } else if (name === "job" && this.job) {
      this.job = { ...this.job, ...data };
    } else if (name === "end") {
      this.ended = true;
    }
  }

  get status() {
    return this.job?.status;
  }

  get live() {
    return LIVE.has(this.status);
  }

  rows() {
    return [...this.events.values()].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  }

  scenes() {
    let n = null;
    for (const e of this.rows()) if (e.scenes) n = e.scenes;
    return n;
  }

  stage(name) {
    // side runs (notify announcing a story that waits for review) never move the job
    const evs = this.rows().filter((e) => e.stage === name && !e.side);
    const count = (kind) => evs.filter((e) => e.event === kind).length;
    const started = count("started");
    const done = count("done");
    const retries = count("retry");
    const failedHere = count("failed") > 0 || (this.status === "failed" && this.job?.stage === name);
    const open = started - done - retries;
    const scenes = this.scenes();
    const out = { name, state: "waiting", pct: 0, label: "", retries };
    if (spec(name).per_scene && scenes) {
      out.pct = Math.min(100, (100 * done) / scenes);
      out.label = `${Math.min(done, scenes)}/${scenes} scenes`;
      out.state = done >= scenes ? "done" : started ? "running" : "waiting";
    } else if (open > 0) {
      out.state = "running";
      const [lo, hi] = spec(name).progress;
      const p = this.job?.stage === name ? (this.job.progress - lo) / (hi - lo) : 0;
      out.pct = Math.max(5, Math.min(95, 100 * p));
      out.label = "working";
    } else if (done > 0) {
      out.state = "done";
      out.pct = 100;
      out.label = done > 1 ? `done ×${done}` : "done";
    }
    if (this.status === "completed" && out.state !== "done") Object.assign(out, { state: "done", pct: 100, label: "done" });
    if (failedHere) Object.assign(out, { state: "failed", label: "failed" });
    else if (this.status === "cancelled" && out.state === "running") Object.assign(out, { state: "stopped", label: "stopped" });
    if (this.status === "awaiting_approval" && name === "filter" && out.state === "done") {
      out.state = "paused";
      out.label = "in review";
    }
    if (retries && out.state !== "failed") out.label += ` (${retries} retr${retries > 1 ? "ies" : "y"})`;
    return out;
  }
}

export function describe(e) {
  const bits = [e.event || ""];
  if (e.scene !== undefined && e.scene !== null) bits.push(`scene ${e.scene}`);
  if (e.index !== undefined && e.index !== null) bits.push(`scene ${e.index}`);
  if (e.seconds) bits.push(`${Number(e.seconds).toFixed(1)} s`);
  if (e.scenes) bits.push(`${e.scenes} scenes`);
  if (e.reason) bits.push(`— ${e.reason}`);
  if (e.by) bits.push(`by ${e.by}`);
  if (e.status && e.event !== e.status) bits.push(e.status);
  return bits.join(" ");
}
